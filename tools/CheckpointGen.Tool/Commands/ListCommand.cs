using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace CheckpointGen.Tool.Commands;

/// <summary><c>ls STORAGE</c>: the checkpoints of a storage, newest first, with step, size, time and whether each verifies.</summary>
internal static class ListCommand
{
    public static Command Create(TextWriter output)
    {
        var storageArgument = new Argument<string>("STORAGE") { Description = "The storage: a checkpoint folder, azure://container/prefix or s3://bucket/prefix." };
        var noVerify = new Option<bool>("--no-verify") { Description = "Do not read whole checkpoints to check their checksums." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var command = new Command("ls", "List the checkpoints of a storage: step, size, time written, verified or not.") { storageArgument, noVerify, json };
        command.SetAction(parsed =>
        {
            using var opened = StorageAddress.Open(parsed.GetValue(storageArgument)!);
            bool verify = !parsed.GetValue(noVerify);
            var rows = opened.Storage.List()
                .Select(c => (Checkpoint: c, WrittenAt: opened.WrittenAt(c), Problem: verify ? opened.Problem(c) : null))
                .ToList();
            if (parsed.GetValue(json)) WriteJson(output, rows, verify);
            else WriteTable(output, opened.Address, rows, verify);
            return rows.Any(r => r.Problem is not null) ? ExitCodes.Damaged : ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteTable(TextWriter output, string address, List<(Storage.CheckpointInfo Checkpoint, DateTime? WrittenAt, string? Problem)> rows, bool verify)
    {
        if (rows.Count == 0)
        {
            output.WriteLine($"No checkpoints in '{address}'.");
            return;
        }
        output.WriteLine($"{"STEP",12}  {"SIZE",14}  {"WRITTEN (UTC)",-19}  {"STATUS"}  NAME");
        foreach (var (checkpoint, writtenAt, problem) in rows)
        {
            string size = checkpoint.Length is { } length ? length.ToString("N0", CultureInfo.InvariantCulture) : "?";
            string time = writtenAt?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "?";
            string status = !verify ? "not verified" : problem is null ? "verified" : "DAMAGED: " + problem;
            output.WriteLine($"{checkpoint.Sequence,12}  {size,14}  {time,-19}  {status}  {checkpoint.Name}");
        }
    }

    private static void WriteJson(TextWriter output, List<(Storage.CheckpointInfo Checkpoint, DateTime? WrittenAt, string? Problem)> rows, bool verify)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var (checkpoint, writtenAt, problem) in rows)
            {
                json.WriteStartObject();
                json.WriteNumber("step", checkpoint.Sequence);
                json.WriteString("name", checkpoint.Name);
                if (checkpoint.Length is { } length) json.WriteNumber("size", length); else json.WriteNull("size");
                if (writtenAt is { } time) json.WriteString("written", time); else json.WriteNull("written");
                if (verify) json.WriteBoolean("verified", problem is null); else json.WriteNull("verified");
                if (problem is not null) json.WriteString("problem", problem);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
