using System.Diagnostics;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Hosting;

/// <summary>The container's HEALTHCHECK: <c>dotnet SipHub.Hub.dll healthcheck</c> asks a running hub whether it is ready.</summary>
public sealed class HealthCheckCommandTests
{
    [Fact]
    public async Task The_healthcheck_command_exits_0_for_a_ready_hub_and_1_where_none_answers()
    {
        await using var hub = await HubProcess.StartAsync();

        var (ready, readyOutput) = await HealthCheckAsync(hub.BaseAddress.ToString().TrimEnd('/'));
        var (absent, absentOutput) = await HealthCheckAsync($"http://127.0.0.1:{HubProcess.FreePort()}");

        Assert.True(ready == 0, readyOutput);
        Assert.Contains("200", readyOutput);
        Assert.True(absent == 1, absentOutput);
    }

    private static async Task<(int ExitCode, string Output)> HealthCheckAsync(string baseUrl)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { RepositoryPaths.HubAssembly, "healthcheck", baseUrl }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
