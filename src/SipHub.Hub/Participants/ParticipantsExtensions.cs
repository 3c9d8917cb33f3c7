namespace SipHub.Hub.Participants;

public static class ParticipantsExtensions
{
    public const string SeedKey = "SipHub:Directory:Seed";

    public static WebApplicationBuilder AddParticipants(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ParticipantDirectory>();
        if (builder.Configuration[SeedKey] is { Length: > 0 } seed)
            builder.Services.AddHostedService(sp => new DirectorySeeder(sp.GetRequiredService<IServiceScopeFactory>(), seed));
        return builder;
    }

    private sealed class DirectorySeeder(IServiceScopeFactory scopes, string path) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ParticipantDirectory>().SeedAsync(path, cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
