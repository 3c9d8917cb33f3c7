using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SipHub.Hub.Tests.Infrastructure;
using static SipHub.Hub.Tests.Security.SecureHub;

namespace SipHub.Hub.Tests.Security;

/// <summary>The embedded default as it starts on a workstation: loopback only, its callers trusted, small limits for the test.</summary>
public sealed class EdgeHubFixture : IAsyncLifetime
{
    public const int MaxBodyBytes = 50_000;
    public TestHub Hub { get; private set; } = null!;

    public async Task InitializeAsync() => Hub = await InProcessHub.StartAsync(new Dictionary<string, string>
    {
        ["SipHub:Limits:MaxBodyBytes"] = MaxBodyBytes.ToString(),
    });

    public async Task DisposeAsync() => await Hub.DisposeAsync();
}

/// <summary>
/// The web edge tried from outside: another site's page, another host name, a proxy on the same host, a body too large,
/// an id that would split a header. Each is refused before anything changes, and the refusal is logged.
/// </summary>
public sealed class WebEdgeTests(EdgeHubFixture fixture) : IClassFixture<EdgeHubFixture>
{
    private TestHub Hub => fixture.Hub;

    private HttpRequestMessage Post(string path, Action<HttpRequestMessage> headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        headers(request);
        return request;
    }

    [Fact]
    public async Task Another_sites_page_cannot_make_the_hub_replay_or_discard()
    {
        var fromForm = await Hub.Http.SendAsync(Post("/api/set-aside/replay", r => r.Headers.Add("Origin", "https://evil.example")));
        var fromFetch = await Hub.Http.SendAsync(Post("/api/set-aside/replay", r => r.Headers.Add("Sec-Fetch-Site", "cross-site")));
        var ownPage = await Hub.Http.SendAsync(Post("/api/set-aside/replay", r =>
        {
            r.Headers.Add("Origin", Hub.BaseAddress.GetLeftPart(UriPartial.Authority));
            r.Headers.Add("Sec-Fetch-Site", "same-origin");
        }));

        Assert.Equal(HttpStatusCode.Forbidden, fromForm.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, fromFetch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownPage.StatusCode);
        await Hub.WaitForOutputAsync("Refused a cross-site POST /api/set-aside/replay from https://evil.example");
    }

    [Fact]
    public async Task A_name_that_rebinds_to_loopback_is_not_answered()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Host = "evil.example";

        Assert.Equal(HttpStatusCode.BadRequest, (await Hub.Http.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Hub.Http.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_request_a_proxy_passed_on_is_not_trusted_as_loopback()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/set-aside");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        Assert.Equal(HttpStatusCode.Unauthorized, (await Hub.Http.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Hub.Http.GetAsync("/api/set-aside")).StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_before_it_is_read()
    {
        var notice = SampleMessages.AdmissionNotice(SampleMessages.NewId("VT"), SampleMessages.NewId("ADM"));
        notice["x-padding"] = new string('x', EdgeHubFixture.MaxBodyBytes);

        var response = await Hub.Http.PostInboundAsync("admission-notice", notice);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await Hub.WaitForOutputAsync("Refused POST /api/inbound/admission-notice: a body of");
    }

    [Theory]
    [InlineData("episodeId", "VT-1\r\nX-Evil: 1")]
    [InlineData("messageId", "ADM-1\nX-Evil: 1")]
    public async Task An_id_with_a_line_break_is_refused_at_the_edge_naming_it(string field, string value)
    {
        var notice = SampleMessages.AdmissionNotice(SampleMessages.NewId("VT"), SampleMessages.NewId("ADM"));
        notice[field] = value;

        var response = await Hub.Http.PostInboundAsync("admission-notice", notice);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("control character", problem["errors"]![field]![0]!.GetValue<string>());
    }
}

/// <summary>A region's hub with a small rate for the test: one caller's flood meets 429, another caller is not held up by it.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await InProcessHub.StartAsync(Settings(new Dictionary<string, string>
    {
        ["SipHub:Limits:InboundPerSecond"] = "1",
        ["SipHub:Limits:InboundBurst"] = "3",
    }));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task One_callers_flood_is_answered_429_with_retry_after_and_others_go_on()
    {
        using var hospital = _hub.As("hospital");
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
            answers.Add(await hospital.PostInboundAsync("admission-notice", SampleMessages.AdmissionNotice(SampleMessages.NewId("VT"), SampleMessages.NewId("ADM"))));

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Accepted);
        var refused = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        using var other = _hub.As("other-hospital");
        var notice = SampleMessages.AdmissionNotice(SampleMessages.NewId("VT"), SampleMessages.NewId("ADM"));
        notice["sender"] = new JsonObject { ["hsaId"] = OtherHospital, ["name"] = "Annat sjukhus" };
        Assert.Equal(HttpStatusCode.Accepted, (await other.PostInboundAsync("admission-notice", notice)).StatusCode);
    }

    /// <summary>A sender key that may send for no unit gets no FHIR parsing: refused before its body is read, garbage or not.</summary>
    [Fact]
    public async Task A_key_that_may_send_for_no_unit_is_refused_before_its_bundle_is_parsed()
    {
        using var idle = _hub.As("idle");
        using var content = new StringContent("{ this is not a bundle", Encoding.UTF8, "application/fhir+json");

        var response = await idle.PostAsync("/api/fhir/$process-message", content);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("may not send for any unit", await response.Content.ReadAsStringAsync());
    }
}
