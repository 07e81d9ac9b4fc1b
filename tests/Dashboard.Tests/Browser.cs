using Microsoft.Playwright;
using PluginHost.Tests.Common;

namespace PluginHost.Dashboard.Tests;

/// Debian's Chromium (/usr/bin/chromium) driven by Playwright, headless, with a fresh user-data dir; no browser download.
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private readonly string profile = Path.Combine(Path.GetTempPath(), $"pluginhost-chromium-{Guid.NewGuid():N}");
    private IPlaywright playwright = null!;

    public IBrowserContext Context { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath)) throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install chromium (.ci/run does)");
        playwright = await Playwright.CreateAsync();
        Context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            ViewportSize = new ViewportSize { Width = 1200, Height = 800 },
        });
        Context.SetDefaultTimeout(30_000);
    }

    public async Task<IPage> OpenAsync(Uri url)
    {
        var page = await Context.NewPageAsync();
        await page.GotoAsync(url.ToString());
        return page;
    }

    /// Saves a full-page screenshot: into docs/dashboard when PLUGINHOST_SCREENSHOTS=1 (to refresh the committed ones), else a temp dir.
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var dir = Environment.GetEnvironmentVariable("PLUGINHOST_SCREENSHOTS") == "1"
            ? Path.Combine(TestRepo.RepoRoot(), "docs", "dashboard")
            : Path.Combine(Path.GetTempPath(), "pluginhost-dashboard-screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"{name}.png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        await Context.CloseAsync();
        playwright.Dispose();
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
    }
}
