namespace CheckpointGen.Analyzers.Tests.Package;

/// <summary>The files of the downstream projects the package test creates in a temporary directory.</summary>
internal static class DownstreamSources
{
    public static string NuGetConfig(string feed) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="local" value="{feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
          </packageSources>
        </configuration>
        """;

    public static string LibraryProject(string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="CheckpointGen" Version="{version}" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>CKPT0007 is info by default; the downstream raises it to a warning so the build prints it.</summary>
    public const string EditorConfig = """
        root = true
        [*.cs]
        dotnet_diagnostic.CKPT0007.severity = warning
        """;

    /// <summary>Builds: one saved plugin (round-tripped below: a generic member, a partial restore hook) and plugins that must draw warnings.</summary>
    public const string Plugins = """
        using CheckpointGen;
        using CheckpointGen.Randomness;

        namespace Downstream;

        [RequiresCheckpointing]
        public interface IPlugin { void AfterBatch(float loss); }

        [Checkpointable]
        public partial class RunningStat<T>
        {
            private readonly List<T> _values = new();
            public void Add(T value) => _values.Add(value);
            public override string ToString() => string.Join(";", _values.Select(v => v is List<int> l ? "[" + string.Join(",", l) + "]" : v?.ToString()));
        }

        [Checkpointable]
        public partial class CountingPlugin : IPlugin
        {
            private int _batches;
            private readonly List<float> _losses = new();
            private readonly CheckpointableRandom _random = new(7);
            private readonly RunningStat<float> _lossStats = new();
            private readonly RunningStat<List<int>> _shapes = new();
            [CheckpointIgnore] private string _summary = "";
            public Dictionary<string, double> Totals { get; } = new();

            public void AfterBatch(float loss)
            {
                _batches++;
                _losses.Add(loss);
                _lossStats.Add(loss);
                _shapes.Add([_batches, 3]);
                Totals["loss"] = Totals.GetValueOrDefault("loss") + loss;
            }

            /// <summary>What the restore hook saw (empty until a restore).</summary>
            public string Hooked => _summary;

            partial void OnCheckpointRestored() => _summary = Summarize();

            private string Summarize() => $"stats={_lossStats} shapes={_shapes}";

            public int NextSample() => _random.Next(1000);

            public string Describe() => $"batches={_batches} losses={string.Join(",", _losses)} total={Totals["loss"]} {Summarize()}";
        }

        public class ForgetfulPlugin : IPlugin
        {
            private int _seen;
            public void AfterBatch(float loss) => _seen++;
            public int Seen => _seen;
        }

        public class StatelessPlugin : IPlugin
        {
            public void AfterBatch(float loss) => Console.Write("");
        }

        [Checkpointable]
        public partial class ProgressPlugin : IPlugin
        {
            [CheckpointIgnore] private int _sinceLastLog;
            private static int s_instances;
            public ProgressPlugin() => s_instances++;
            public void AfterBatch(float loss) => _sinceLastLog++;
        }
        """;

    /// <summary>Does not build: each declaration is a CKPT error.</summary>
    public const string BrokenPlugins = """
        using CheckpointGen;

        namespace Broken;

        [Checkpointable]
        public class NotPartial { private int _n; }

        [Checkpointable]
        public partial class UsesSystemRandom { private Random _random = new(1); }

        [Checkpointable]
        public partial class DuplicateKeys
        {
            private int _steps;
            [CheckpointKey("_steps")] private int _renamed;
        }
        """;

    public static string AppProject(string version, string runtimeIdentifier) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <RuntimeIdentifier>{runtimeIdentifier}</RuntimeIdentifier>
            <SelfContained>false</SelfContained>
            <CreateHardLinksForCopyLocalIfPossible>true</CreateHardLinksForCopyLocalIfPossible>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="CheckpointGen" Version="{version}" />
            <ProjectReference Include="../Downstream/Downstream.csproj" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>Saves a plugin mid-run, restores it into a fresh instance, and prints both states.</summary>
    public const string AppProgram = """
        using CheckpointGen;
        using Downstream;

        // Through a stream: the path overload's atomic folder fsync is not what this test is about.
        using var file = new MemoryStream();
        var original = new CountingPlugin();
        original.AfterBatch(0.5f);
        original.AfterBatch(0.25f);
        original.NextSample();
        Checkpoint.Save(original, file);

        file.Position = 0;
        var restored = new CountingPlugin();
        Checkpoint.Restore(restored, file);
        Console.WriteLine($"original: {original.Describe()} next={original.NextSample()}");
        Console.WriteLine($"restored: {restored.Describe()} next={restored.NextSample()}");
        Console.WriteLine($"hooked: {restored.Hooked}");
        """;
}
