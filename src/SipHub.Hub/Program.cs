SipHub.Hub.SipHubApp.Build(args).Run();
