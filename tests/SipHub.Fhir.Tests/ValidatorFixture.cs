namespace SipHub.Fhir.Tests;

/// <summary>One validator for the whole test run, as in the hub: loading the specification takes seconds.</summary>
public sealed class ValidatorFixture : IAsyncLifetime
{
    private FhirValidator? _validator;

    public FhirValidator Validator => _validator ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync() => _validator = await FhirValidator.CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class ValidatorCollection : ICollectionFixture<ValidatorFixture>
{
    public const string Name = "validator";
}
