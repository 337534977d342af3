using System.Collections.Concurrent;
using System.Net;

namespace CheckpointGen.ObjectStorage.Tests;

/// <summary>
/// Sits in the SDK's HTTP pipeline in front of the real server and, while armed, answers requests
/// that match with a fault instead of forwarding them: a status (500, 503, 412…), a dropped
/// connection, or a hang past the request timeout. Records every request's method, path and
/// conditional headers.
/// </summary>
internal sealed class FaultInjectingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    public enum Kind { Status, Drop, Hang }

    private readonly ConcurrentQueue<(Kind Kind, HttpStatusCode Status, Func<HttpRequestMessage, bool> Match, string? AzureErrorCode)> _faults = new();
    private int _injected;

    public ConcurrentQueue<string> Requests { get; } = new();

    public int Injected => _injected;

    /// <summary>Called with every request before it is forwarded or faulted (a test acting at a precise point of an upload).</summary>
    public Action<HttpRequestMessage>? OnRequest { get; set; }

    /// <summary>
    /// The next request matching <paramref name="match"/> (any when null) gets this fault; queued faults apply in order.
    /// <paramref name="azureErrorCode"/> goes into the answer's <c>x-ms-error-code</c> header, where Azure puts its error code.
    /// </summary>
    public void Add(Kind kind, HttpStatusCode status = HttpStatusCode.InternalServerError, Func<HttpRequestMessage, bool>? match = null, string? azureErrorCode = null) =>
        _faults.Enqueue((kind, status, match ?? (_ => true), azureErrorCode));

    public static string Describe(HttpRequestMessage request)
    {
        string conditions = string.Concat(
            request.Headers.TryGetValues("If-None-Match", out var none) ? $" If-None-Match:{string.Join(',', none)}" : "",
            request.Headers.TryGetValues("If-Match", out var match) ? $" If-Match:{string.Join(',', match)}" : "");
        return $"{request.Method} {request.RequestUri?.PathAndQuery}{conditions}";
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(Describe(request));
        OnRequest?.Invoke(request);
        if (_faults.TryPeek(out var fault) && fault.Match(request) && _faults.TryDequeue(out fault))
        {
            Interlocked.Increment(ref _injected);
            switch (fault.Kind)
            {
                case Kind.Drop:
                    throw new HttpRequestException("Injected: the connection was reset.", new IOException("Connection reset by peer"));
                case Kind.Hang:
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    break;
                default:
                    var response = new HttpResponseMessage(fault.Status) { RequestMessage = request, Content = new StringContent("") };
                    if (fault.AzureErrorCode is { } code) response.Headers.Add("x-ms-error-code", code);
                    return response;
            }
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
