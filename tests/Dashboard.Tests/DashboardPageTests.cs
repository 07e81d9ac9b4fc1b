using System.Net;
using Microsoft.Playwright;
using PluginHost.EndToEnd.Tests.Cluster;
using PluginHost.Shared.Runs;
using PluginHost.Tests.Common;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static PluginHost.Dashboard.Tests.DashboardNodes;

namespace PluginHost.Dashboard.Tests;

/// The dashboard of real `pluginhost node` processes, in Debian's Chromium.
public sealed class DashboardPageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly Browser browser = new();
    private readonly DashboardNodes cluster = new();

    public Task InitializeAsync() => browser.InitializeAsync();

    public async Task DisposeAsync()
    {
        output.WriteLine(cluster.Output);
        await cluster.DisposeAsync();
        await browser.DisposeAsync();
    }

    [Fact]
    public async Task ASyncSubmittedToANodeAppearsInTheRunsListAndItsPageShowsTheCanisterCalls()
    {
        var node = await cluster.StartAsync("n1");
        var page = await browser.OpenAsync(node.Url);
        await Expect(page.Locator(".empty")).ToContainTextAsync("No runs yet");

        var (exit, stdout, stderr) = await TestRepo.RunToEnd("sync", "--server", node.Url.ToString(), "--project",
            Path.Combine(TestRepo.RepoRoot(), "examples", "icp-hello"), "--environment", "local", "--dry-run");
        Assert.True(exit == 0, $"sync exited {exit}:\n{stdout}\n{stderr}");

        // No reload: the list refreshes itself.
        var row = page.Locator("#runs-table tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("icp-sync");
        await Expect(row.Locator(".badge")).ToHaveTextAsync("Completed");
        await Expect(row.Locator(".items")).ToContainTextAsync("3 succeeded · 0 failed · 0 to go, of 3");
        await Browser.ScreenshotAsync(page, "runs");

        await row.Locator("a").ClickAsync();
        await Expect(page.Locator("#run-state .badge")).ToHaveTextAsync("Completed");
        await Expect(page.Locator(".item")).ToHaveCountAsync(3);
        await Expect(page.Locator(".item .item-state .badge", new() { HasTextString = "Succeeded" })).ToHaveCountAsync(3);
        var calls = page.Locator("table.calls tbody tr");
        await Expect(calls.First).ToBeVisibleAsync();
        Assert.Contains("reply", await calls.First.InnerTextAsync());
        await Expect(page.Locator("#live")).ToContainTextAsync("The run finished");
        await Browser.ScreenshotAsync(page, "run");
    }

    [Fact]
    public async Task ItemsProgressLiveWithoutAReload()
    {
        var node = await cluster.StartAsync("n1");
        await cluster.SubmitAsync("slow",
            new WorkItemSpec("a", "first", [Builtin("wait", "builtin:sleep", "6000"), Builtin("say", "builtin:echo", "hello from a")]),
            new WorkItemSpec("b", "second", [Builtin("wait", "builtin:sleep", "2500")]));
        var page = await browser.OpenAsync(new Uri(node.Url, "ui/runs/slow"));
        await page.EvaluateAsync("window.__notReloaded = true");
        var first = page.Locator("[data-item-id=a]");

        await Expect(first.Locator(".item-state .badge")).ToHaveTextAsync("Running");
        await Expect(first.Locator(".item-state .badge")).ToHaveTextAsync("Succeeded", new() { Timeout = 30_000 });
        await Expect(first.Locator("pre[data-stream=stdout]")).ToHaveTextAsync("hello from a");
        await Expect(page.Locator("#run-state .badge")).ToHaveTextAsync("Completed");
        Assert.True(await page.EvaluateAsync<bool>("window.__notReloaded === true"), "the page was reloaded");
    }

    [Fact]
    public async Task AFailedStepShowsItsError()
    {
        var node = await cluster.StartAsync("n1");
        await cluster.SubmitAsync("broken", new WorkItemSpec("x", "doomed", [Builtin("explode", "builtin:fail", "disk on fire")]));
        var page = await browser.OpenAsync(new Uri(node.Url, "ui/runs/broken"));

        var item = page.Locator("[data-item-id=x]");
        await Expect(item.Locator(".item-state .badge")).ToHaveTextAsync("Failed");
        await Expect(item.Locator("[data-step='0'] .step-error")).ToContainTextAsync("step 0 ('explode') failed: disk on fire");
        await Expect(page.Locator("#run-state .badge")).ToHaveTextAsync("Failed");
    }

    [Fact]
    public async Task TheNodesPageListsEveryMemberOfATwoNodeCluster()
    {
        var first = await cluster.StartAsync("n1");
        await cluster.StartAsync("n2");
        var page = await browser.OpenAsync(new Uri(first.Url, "ui/nodes"));

        var rows = page.Locator("#nodes-table tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        foreach (var id in new[] { "n1", "n2" })
        {
            var row = page.Locator($"#nodes-table tr[data-node-id={id}]");
            await Expect(row.Locator(".badge")).ToHaveTextAsync("up");
            await Expect(row).ToContainTextAsync("0 busy / 4 idle");
        }
        await Browser.ScreenshotAsync(page, "nodes");
    }

    [Fact]
    public async Task AnUnknownRunIdShowsNoSuchRunWith404()
    {
        var node = await cluster.StartAsync("n1");
        var page = await browser.Context.NewPageAsync();
        var response = await page.GotoAsync(new Uri(node.Url, "ui/runs/does-not-exist").ToString());

        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("No such run");
        await Expect(page.Locator("main")).ToContainTextAsync("there is no run 'does-not-exist'");
    }

    [Fact]
    public async Task QueryParametersOfTheWrongTypeAreIgnoredWithANote()
    {
        var node = await cluster.StartAsync("n1");
        await cluster.SubmitAsync("r1", new WorkItemSpec("x", "one", [Builtin("say", "builtin:echo", "hi")]));
        var page = await browser.Context.NewPageAsync();
        var response = await page.GotoAsync(new Uri(node.Url, "?status=sideways&limit=lots").ToString());

        Assert.Equal(200, response!.Status);
        await Expect(page.Locator(".note").Nth(0)).ToContainTextAsync("Ignored status=sideways: expected one of Accepted, Running, Completed, Failed");
        await Expect(page.Locator(".note").Nth(1)).ToContainTextAsync("Ignored limit=lots");
        await Expect(page.Locator("#runs-table tbody tr")).ToHaveCountAsync(1); // the list still shows, unfiltered

        await page.GotoAsync(new Uri(node.Url, "?status=failed").ToString());
        await Expect(page.Locator(".empty")).ToContainTextAsync("No run matches the filter (1 run in all)");
    }

    [Fact]
    public async Task TheRunPageReconnectsWhenTheStreamDrops()
    {
        var node = await cluster.StartAsync("n1");
        await using var relay = new TcpRelay(node.Url.Port);
        await cluster.SubmitAsync("long",
            new WorkItemSpec("a", "first", [Builtin("wait", "builtin:sleep", "500")]),
            new WorkItemSpec("b", "second", [Builtin("wait", "builtin:sleep", "6000"), Builtin("say", "builtin:echo", "after the drop")]));
        var page = await browser.OpenAsync(new Uri($"http://127.0.0.1:{relay.Port}/ui/runs/long"));
        // Generous timeouts: CI runs the test projects side by side on two cores.
        await Expect(page.Locator("[data-item-id=a] .item-state .badge")).ToHaveTextAsync("Succeeded", new() { Timeout = 30_000 });

        relay.Cut();
        await Expect(page.Locator("#live")).ToContainTextAsync("reconnecting", new() { Timeout = 30_000 });
        relay.Restore();

        await Expect(page.Locator("[data-item-id=b] pre[data-stream=stdout]")).ToHaveTextAsync("after the drop", new() { Timeout = 30_000 });
        await Expect(page.Locator("#run-state .badge")).ToHaveTextAsync("Completed", new() { Timeout = 30_000 });
        // Each event applied once across the reconnect: one output line, not a replayed duplicate.
        await Expect(page.Locator("[data-item-id=b] pre[data-stream=stdout]")).ToHaveCountAsync(1);
    }
}
