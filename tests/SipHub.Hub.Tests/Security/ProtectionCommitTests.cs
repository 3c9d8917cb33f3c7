using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SipHub.Contracts;
using SipHub.Domain.Calendar;
using SipHub.Hub.Episodes;
using SipHub.Hub.Inbound;
using SipHub.Hub.Plans;
using SipHub.Hub.Tests.Infrastructure;

namespace SipHub.Hub.Tests.Security;

/// <summary>
/// Protected identity decided inside the commit, against the episode as the batch leaves it: the hub's own commit on its
/// embedded database, with a batch made as the batcher makes one, so the moment the race needs is not left to chance.
/// </summary>
public sealed class ProtectionCommitTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("siphub-commit-").FullName;
    private WebApplication _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = SipHubApp.Build(["--urls", $"http://127.0.0.1:{HubProcess.FreePort()}", "--ConnectionStrings:Sqlite", $"Data Source={Path.Combine(_directory, "hub.db")}"]);
        await _hub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _hub.StopAsync();
        await _hub.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private static InboundWork Work<T>(string kind, JsonObject json, bool identityWithheld = true) where T : IInboundMessage
    {
        var message = json.Deserialize<T>(ContractJson.Options)!;
        return new InboundWork(message, kind, InboundTranslator.Translate(message, Stockholm.Today(TimeProvider.System)), "loopback",
            DateTimeOffset.UtcNow, json.ToJsonString(), null, [], identityWithheld, null);
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    [Fact]
    public async Task An_invitation_made_with_the_name_does_not_commit_beside_the_notice_that_protects_the_patient()
    {
        var episodeId = SampleMessages.NewId("VT");
        var correction = SampleMessages.AdmissionNotice(episodeId, $"ADM2-{episodeId}", protectedIdentity: true);
        correction["sentAt"] = "2026-11-20T15:00:00+01:00";
        var withName = Work<SipInvitation>("sip-invitation", SampleMessages.Invitation(episodeId, $"INV-{episodeId}"), identityWithheld: false);
        await InScopeAsync(s => s.GetRequiredService<InboundCommit>().CommitAsync(
            [Work<AdmissionNotice>("admission-notice", SampleMessages.AdmissionNotice(episodeId, $"ADM-{episodeId}"))], CancellationToken.None));

        var refused = await Assert.ThrowsAsync<IdentityProtectionChangedException>(() => InScopeAsync(s =>
            s.GetRequiredService<InboundCommit>().CommitAsync([Work<AdmissionNotice>("admission-notice", correction), withName], CancellationToken.None)));

        Assert.Contains(episodeId, refused.Message);
        var episode = await InScopeAsync(s => s.GetRequiredService<EpisodeStore>().FindAsync(episodeId, CancellationToken.None));
        Assert.Single(episode!.Timeline); // nothing of the batch was kept
        Assert.False(episode.ProtectedIdentity);
        // Made again without the name, as the processor does, it commits with the notice.
        var outcomes = await InScopeAsync(s => s.GetRequiredService<InboundCommit>().CommitAsync(
            [Work<AdmissionNotice>("admission-notice", correction), withName with { IdentityWithheld = true }], CancellationToken.None));
        Assert.All(outcomes, o => Assert.Equal(ProcessOutcome.Processed, o));
    }
}
