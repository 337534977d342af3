// Each test runs the sample several times as child processes; two at once would only slow both down.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
