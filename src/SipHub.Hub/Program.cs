if (SipHub.Hub.Hosting.HubCommands.TryRun(args, out var exitCode)) return exitCode;
SipHub.Hub.SipHubApp.Build(args).Run();
return 0;
