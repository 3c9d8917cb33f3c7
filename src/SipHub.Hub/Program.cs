if (SipHub.Hub.Hosting.HubCommands.TryRun(args, out var exitCode)) return exitCode;
SipHub.Hub.SipHubApp.Build(args).Run();
// A hub that refuses to start (a non-loopback address without API keys) stops with its exit code set.
return Environment.ExitCode;
