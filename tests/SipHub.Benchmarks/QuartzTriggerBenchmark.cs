using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace SipHub.Benchmarks;

/// <summary>
/// The design the hub did not take, measured: one Quartz trigger per clock on the clustered PostgreSQL store,
/// tuned (batch acquisition of 20, twenty threads). Scheduling rate, then the lateness when they all fall due at once.
/// </summary>
internal static class QuartzTriggerBenchmark
{
    private static readonly ConcurrentBag<double> Lateness = [];

    public static async Task RunAsync(string connectionString, int triggers)
    {
        await using var provider = new ServiceCollection().AddLogging().AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "siphub-bench"; // its own rows in the qrtz_ tables, apart from the hub's scheduler
                s.MaxBatchSize = 20;
                s.BatchTriggerAcquisitionFireAheadTimeWindow = TimeSpan.FromSeconds(1);
            });
            q.UseDefaultThreadPool(20); // Quartz refuses a batch larger than its pool
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering();
                store.ProvisionSchema();
            });
        }).BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var job = JobBuilder.Create<RecordFiring>().WithIdentity("record", "bench").StoreDurably().Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing);

        var due = DateTimeOffset.UtcNow.AddSeconds(20 + triggers / 100.0);
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async worker =>
        {
            while (Interlocked.Increment(ref next) is var i && i < triggers)
                await scheduler.ScheduleJob(TriggerBuilder.Create().ForJob(job.Key).WithIdentity($"clock-{i}", "bench").StartAt(due).Build());
        }));
        var scheduling = triggers / clock.Elapsed.TotalSeconds;
        await scheduler.Start();
        while (Lateness.Count < triggers && DateTimeOffset.UtcNow < due.AddSeconds(120)) await Task.Delay(200);
        await scheduler.Shutdown(waitForJobsToComplete: true);

        var sorted = Lateness.Order().ToList();
        double At(double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        Console.WriteLine($"one Quartz trigger per clock ({triggers:N0}, clustered PostgreSQL store, batches of 20, 20 threads): " +
                          $"scheduled {scheduling:N0} triggers/s; fired {sorted.Count:N0}, lateness p50 {At(0.5):N2} s, p99 {At(0.99):N2} s, max {At(1):N2} s " +
                          $"= {sorted.Count / Math.Max(At(1), 0.001):N0} firings/s");
    }

    private sealed class RecordFiring : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            Lateness.Add((DateTimeOffset.UtcNow - context.ScheduledFireTimeUtc!.Value).TotalSeconds);
            return ValueTask.CompletedTask;
        }
    }
}
