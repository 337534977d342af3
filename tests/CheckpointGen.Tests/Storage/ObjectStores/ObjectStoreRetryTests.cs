using CheckpointGen.Storage.ObjectStores;
using Polly;

namespace CheckpointGen.Tests.Storage.ObjectStores;

public class ObjectStoreRetryTests
{
    private static readonly ObjectStoreOptions Options = new() { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(1), RequestTimeout = TimeSpan.FromSeconds(30) };

    private static int Attempts(ResiliencePipeline pipeline, Exception firstFailure, CancellationToken token = default)
    {
        int attempts = 0;
        pipeline.Execute(_ =>
        {
            if (++attempts == 1) throw firstFailure;
        }, token);
        return attempts;
    }

    [Fact]
    public void A_timeout_of_the_SDKs_own_network_timeout_is_retried()
    {
        // What Azure.Core throws when ClientOptions.Retry.NetworkTimeout expires: cancellations all the way down.
        var sdkTimeout = new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout of 0:00:02.",
            new TaskCanceledException("A task was canceled.", new TaskCanceledException()));
        var pipeline = ObjectStoreRetry.Create(Options, _ => false, "test://store/");

        Assert.Equal(2, Attempts(pipeline, sdkTimeout));
    }

    [Fact]
    public void A_failure_the_backend_calls_permanent_reaches_the_caller_after_one_attempt()
    {
        int attempts = 0;
        var pipeline = ObjectStoreRetry.Create(Options, _ => false, "test://store/");

        Assert.Throws<UnauthorizedAccessException>(() => pipeline.Execute(() => { attempts++; throw new UnauthorizedAccessException("403"); }));
        Assert.Equal(1, attempts);
    }
}
