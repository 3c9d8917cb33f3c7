using Microsoft.Playwright;

namespace SipHub.Hub.Tests.Infrastructure;

/// <summary>Debian's headless Chromium driven by Playwright, with pages the size of an operator's laptop.</summary>
public sealed class Browser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser) => (_playwright, _browser) = (playwright, browser);

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"{Chromium} is missing: run the tests with `bash scripts/test.sh`, which installs Debian's chromium.");
        var playwright = await Playwright.CreateAsync();
        // This machine's network is closed: Chromium's own background traffic is turned off, as the machine notes say.
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        return new Browser(playwright, browser);
    }

    /// <summary>A phone's screen (CSS pixels), for what a person reads on theirs.</summary>
    public static readonly ViewportSize Phone = new() { Width = 412, Height = 915 };

    /// <summary>
    /// A fresh page (its own session) at 1366×768, or at <paramref name="viewport"/>, that presents <paramref name="apiKey"/>
    /// like a signed-in operator.
    /// </summary>
    public async Task<IPage> NewPageAsync(Uri hub, string? apiKey, ViewportSize? viewport = null)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = hub.ToString(), ViewportSize = viewport ?? new ViewportSize { Width = 1366, Height = 768 }, Locale = "sv-SE",
            TimezoneId = "Europe/Stockholm",
        });
        if (apiKey is not null) await context.AddInitScriptAsync($"sessionStorage.setItem('siphub-key', '{apiKey}');");
        return await context.NewPageAsync();
    }

    /// <summary>Saves what the page shows under artifacts/ (CI keeps the folder; the README links the pictures).</summary>
    public static async Task ScreenshotAsync(IPage page, string name, string prefix = "dashboard", bool fullPage = false)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "artifacts");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{prefix}-{name}.png"), FullPage = fullPage });
    }

    /// <summary>
    /// Runs axe-core (npm, installed by <c>npm ci</c> under tests/SipHub.Hub.Tests/Node) on the page against WCAG 2.1 A and
    /// AA: its violations, and the rules that passed.
    /// </summary>
    public static async Task<(List<string> Violations, List<string> Passed)> AxeAsync(IPage page)
    {
        var axe = Path.Combine(RepositoryPaths.Root, "tests", "SipHub.Hub.Tests", "Node", "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(axe)) throw new InvalidOperationException($"{axe} is missing: run the tests with `bash scripts/test.sh`, which runs npm ci.");
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });
        var result = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return {
                violations: r.violations.map(v => v.id + ': ' + v.help + ' (' + v.nodes.map(n => n.target.join(' ')).join(', ') + ')'),
                passes: r.passes.map(p => p.id),
              };
            }
            """);
        return (result.GetProperty("violations").EnumerateArray().Select(v => v.GetString()!).ToList(),
            result.GetProperty("passes").EnumerateArray().Select(v => v.GetString()!).ToList());
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
