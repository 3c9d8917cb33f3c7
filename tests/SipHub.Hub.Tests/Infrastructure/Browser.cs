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

    /// <summary>A fresh page (its own session) at 1366×768 that presents <paramref name="apiKey"/> like a signed-in operator.</summary>
    public async Task<IPage> NewPageAsync(Uri hub, string? apiKey)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = hub.ToString(), ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, Locale = "sv-SE",
            TimezoneId = "Europe/Stockholm",
        });
        if (apiKey is not null) await context.AddInitScriptAsync($"sessionStorage.setItem('siphub-key', '{apiKey}');");
        return await context.NewPageAsync();
    }

    /// <summary>Saves what the page shows under artifacts/ (CI keeps the folder; the README links the pictures).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "artifacts");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"dashboard-{name}.png"), FullPage = false });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
