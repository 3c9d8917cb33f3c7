if (SipHub.Hub.HubCommands.TryRun(args, out var exitCode)) return exitCode;
try
{
    SipHub.Hub.SipHubApp.Build(args).Run();
}
catch (SipHub.Hub.Persistence.SchemaNotCurrentException)
{
    // The host has logged what to run first; no crash for a refusal.
    return 1;
}
// A hub that refuses to start (a non-loopback address without API keys) stops with its exit code set.
return Environment.ExitCode;
