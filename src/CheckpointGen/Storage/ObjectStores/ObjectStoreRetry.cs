using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CheckpointGen.Storage.ObjectStores;

/// <summary>
/// The retry policy of every object-store request (Polly): each attempt bounded by
/// <see cref="ObjectStoreOptions.RequestTimeout"/>, failures the backend calls transient (and
/// timeouts, also the SDK's own) retried up to <see cref="ObjectStoreOptions.MaxRetries"/> times with exponential
/// backoff and jitter; anything else, or the last failure, goes to the caller.
/// </summary>
public static class ObjectStoreRetry
{
    /// <summary>Builds the pipeline for a backend whose transient failures <paramref name="isTransient"/> recognizes.</summary>
    public static ResiliencePipeline Create(ObjectStoreOptions options, Func<Exception, bool> isTransient, string location)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(isTransient);
        var builder = new ResiliencePipelineBuilder();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsRetryable(e, isTransient)),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    options.Log?.Invoke($"Retrying a request to {location} in {args.RetryDelay.TotalMilliseconds:F0} ms (attempt {args.AttemptNumber + 2} of {options.MaxRetries + 1}): {args.Outcome.Exception?.Message}");
                    return default;
                },
            });
        }
        return builder.AddTimeout(options.RequestTimeout).Build();
    }

    // An SDK's own per-request timeout (Azure's NetworkTimeout, the AWS client's Timeout) surfaces as a
    // cancellation; it races this pipeline's timeout, so both are retried alike. Polly itself stops
    // retrying once the caller's token is cancelled.
    private static bool IsRetryable(Exception e, Func<Exception, bool> isTransient) =>
        e is TimeoutRejectedException or OperationCanceledException || isTransient(e);

    /// <summary>True for failures of the connection itself (refused, reset, cut mid-body), which another attempt may not meet.</summary>
    public static bool IsNetworkFailure(Exception e) =>
        e is HttpRequestException or IOException or TimeoutRejectedException
        || (e is TaskCanceledException && e.InnerException is TimeoutException)
        || (e.InnerException is { } inner && IsNetworkFailure(inner));

    /// <summary>True for HTTP statuses that mean "try again later": 408, 429, 500, 502, 503, 504.</summary>
    public static bool IsTransientStatus(int status) => status is 408 or 429 or 500 or 502 or 503 or 504;
}
