using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace CheckpointGen.ObjectStorage.Probe;

/// <summary>
/// Timestamps every HTTP request of this process from the runtime's own "System.Net.Http" events
/// (start, content sent, response, connections opened), so the SDK clients are measured exactly as
/// configured, without a handler of ours in their pipelines; marks from the caller go in between.
/// Requests are told apart by the activity ids the task library's flow tracking gives them.
/// </summary>
public sealed class RequestTimeline : EventListener
{
    private readonly ConcurrentQueue<Event> _events = new();

    private readonly record struct Event(long Timestamp, Guid Activity, string Name, string Path);

    /// <summary>Forgets what was recorded.</summary>
    public void Clear() => _events.Clear();

    /// <summary>Records a moment of the caller's own (serialization started, ended…).</summary>
    public void Mark(string name) => _events.Enqueue(new Event(Stopwatch.GetTimestamp(), Guid.Empty, name, ""));

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "System.Net.Http") EnableEvents(source, EventLevel.Informational, EventKeywords.All);
        // Activity ids on the HTTP events, so that a request's start and stop can be paired.
        if (source.Name == "System.Threading.Tasks.TplEventSource") EnableEvents(source, EventLevel.Informational, (EventKeywords)0x80);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventSource.Name != "System.Net.Http" || e.EventName is not ("RequestStart" or "RequestStop" or "ConnectionEstablished")) return;
        int path = e.PayloadNames?.IndexOf("pathAndQuery") ?? -1;
        _events.Enqueue(new Event(Stopwatch.GetTimestamp(), e.ActivityId, e.EventName, path >= 0 ? e.Payload![path]?.ToString() ?? "" : ""));
    }

    /// <summary>
    /// The phases of one operation between <paramref name="start"/> and <paramref name="end"/>
    /// (timestamps), in milliseconds: the wait before the "serialize-start" mark, the serialization,
    /// then the requests for the object whose path contains <paramref name="key"/> (a HEAD then the
    /// PUT, or the PUT alone), what followed the PUT, and how many other requests and new
    /// connections fell in the window.
    /// </summary>
    public IReadOnlyList<(string Phase, double Value)> Phases(long start, long end, string key)
    {
        var events = _events.ToArray().OrderBy(e => e.Timestamp).ToList();
        double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
        var requests = events.Where(e => e.Name == "RequestStart" && e.Path.Contains(key, StringComparison.Ordinal))
            .Select(e => (Start: e.Timestamp, Stop: events.FirstOrDefault(x => x.Name == "RequestStop" && x.Activity == e.Activity).Timestamp))
            .Where(r => r.Stop != 0).ToList();
        var phases = new List<(string, double)>();
        long cursor = start;
        if (events.FirstOrDefault(e => e.Name == "serialize-start") is { Timestamp: > 0 } serializing
            && events.FirstOrDefault(e => e.Name == "serialize-end") is { Timestamp: > 0 } serialized)
        {
            phases.Add(("wait before serializing", Ms(start, serializing.Timestamp)));
            phases.Add(("serialize", Ms(serializing.Timestamp, serialized.Timestamp)));
            cursor = serialized.Timestamp;
        }
        if (requests.Count == 2)
        {
            phases.Add(("to HEAD start", Ms(cursor, requests[0].Start)));
            phases.Add(("HEAD", Ms(requests[0].Start, requests[0].Stop)));
            cursor = requests[0].Stop;
        }
        if (requests.Count > 0)
        {
            var put = requests[^1];
            phases.Add(("to PUT start (SDK prepares it)", Ms(cursor, put.Start)));
            phases.Add(("PUT", Ms(put.Start, put.Stop)));
            phases.Add(("PUT end to return", Ms(put.Stop, end)));
        }
        phases.Add(("other requests (count)", events.Count(e => e.Name == "RequestStart" && !e.Path.Contains(key, StringComparison.Ordinal))));
        phases.Add(("connections opened (count)", events.Count(e => e.Name == "ConnectionEstablished")));
        return phases;
    }
}
