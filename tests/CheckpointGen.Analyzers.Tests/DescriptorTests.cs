using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Analyzers.Tests;

/// <summary>The rule catalogue: fixed IDs, one analyzer per rule, help pages that exist, release tracking.</summary>
public sealed class DescriptorTests
{
    private static readonly (string Id, DiagnosticSeverity Severity)[] Rules =
    {
        ("CKPT0001", DiagnosticSeverity.Error), ("CKPT0002", DiagnosticSeverity.Error), ("CKPT0003", DiagnosticSeverity.Warning),
        ("CKPT0004", DiagnosticSeverity.Warning), ("CKPT0005", DiagnosticSeverity.Warning), ("CKPT0006", DiagnosticSeverity.Error),
        ("CKPT0007", DiagnosticSeverity.Info), ("CKPT0008", DiagnosticSeverity.Warning), ("CKPT0009", DiagnosticSeverity.Warning),
        ("CKPT0010", DiagnosticSeverity.Error), ("CKPT0011", DiagnosticSeverity.Warning),
    };

    private static IReadOnlyList<DiagnosticAnalyzer> Analyzers() =>
        typeof(UncheckpointableMemberAnalyzer).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToList();

    [Fact]
    public void Every_rule_has_exactly_one_analyzer_with_its_fixed_id_and_default_severity()
    {
        var byId = Analyzers().SelectMany(a => a.SupportedDiagnostics.Select(d => (Analyzer: a.GetType(), Descriptor: d))).GroupBy(e => e.Descriptor.Id).ToList();
        Assert.Equal(Rules.Select(r => r.Id).Order(), byId.Select(g => g.Key).Order());
        foreach (var (id, severity) in Rules)
        {
            var entries = byId.Single(g => g.Key == id).ToList();
            Assert.Single(entries.Select(e => e.Analyzer).Distinct());
            // A rule that also reports changes made by other types has a compilation-end twin: same id, text and severity.
            Assert.Single(entries.Select(e => (e.Descriptor.Title.ToString(), e.Descriptor.MessageFormat.ToString(), e.Descriptor.HelpLinkUri)).Distinct());
            foreach (var descriptor in entries.Select(e => e.Descriptor))
            {
                Assert.Equal(severity, descriptor.DefaultSeverity);
                Assert.Equal("CheckpointGen", descriptor.Category);
                Assert.True(descriptor.IsEnabledByDefault);
            }
        }
    }

    [Fact]
    public void Every_rule_has_its_page_in_docs_diagnostics_and_links_to_no_invented_address()
    {
        var repository = RepositoryRoot();
        foreach (var descriptor in Analyzers().SelectMany(a => a.SupportedDiagnostics))
        {
            Assert.True(string.IsNullOrEmpty(descriptor.HelpLinkUri), $"{descriptor.Id} links to {descriptor.HelpLinkUri}");
            var page = Path.Combine(repository, "docs", "diagnostics", descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"Missing help page {page}");
            var text = File.ReadAllText(page);
            foreach (var section in new[] { "## What", "## Why", "## Example", "## Fix", $"dotnet_diagnostic.{descriptor.Id}.severity" })
                Assert.Contains(section, text);
        }
    }

    [Fact]
    public void Every_message_names_the_member_or_type()
    {
        foreach (var descriptor in Analyzers().SelectMany(a => a.SupportedDiagnostics))
        {
            var format = descriptor.MessageFormat.ToString();
            Assert.Contains("'{0}'", format);
            Assert.Contains("{1}", format);
        }
    }

    [Fact]
    public void Unshipped_release_notes_list_every_rule()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "analyzers", "CheckpointGen.Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var (id, severity) in Rules) Assert.Contains($"{id} | CheckpointGen | {severity} |", text);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "CheckpointGen.sln"))) return directory.FullName;
        throw new InvalidOperationException("No CheckpointGen.sln above the test output.");
    }
}
