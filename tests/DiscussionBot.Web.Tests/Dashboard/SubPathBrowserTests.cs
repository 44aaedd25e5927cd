using OpenQA.Selenium;

namespace DiscussionBot.Web.Tests.Dashboard;

/// <summary>The dashboard in a real browser through a real reverse proxy that serves it at <c>/bot/</c>: the page's
/// stylesheet, script, chart, navigation, forms and redirects all stay under the prefix.</summary>
public sealed class SubPathBrowserTests
{
    [Fact]
    public async Task Through_a_proxy_on_a_sub_path_a_moderator_signs_in_moves_between_pages_and_changes_a_topic_with_styles_and_script_loaded()
    {
        await using var host = await ConsoleHost.StartAsync(null, "--Web:KnownProxies=127.0.0.1");
        await using var proxy = await SubPathProxy.StartAsync(host.BaseUrl, "/bot");
        var link = await host.DashboardLinkAsync();
        using var browser = new Browser(Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard-subpath"));

        browser.Open(new Uri(proxy.BaseUrl, link.PathAndQuery.TrimStart('/')));
        Assert.Contains("Sign in as moderator", browser.Find("#message").Text);
        Assert.True(StylesApplied(browser), "the sign-in page's stylesheet loaded through the prefix");
        browser.Submit(browser.Find("#signin"));
        Assert.Equal(new Uri(proxy.BaseUrl, "dashboard"), new Uri(browser.Driver.Url));
        Assert.Equal("Overview", browser.Find("h1").Text);
        Assert.True(StylesApplied(browser), "the overview's stylesheet loaded through the prefix");
        Assert.True(ImageLoaded(browser, "#overview-chart"));
        browser.Screenshot("01-overview");

        browser.Driver.FindElement(By.LinkText("Topics & feeds")).Click();
        Assert.Equal("Topics & feeds", browser.Wait(d => d.FindElements(By.CssSelector("h1")).FirstOrDefault(h => h.Text == "Topics & feeds"), "the topics page").Text);
        Assert.Equal(new Uri(proxy.BaseUrl, "dashboard/topics"), new Uri(browser.Driver.Url));
        browser.Find("#new-topic-slug").SendKeys("transit");
        browser.Find("#new-topic-description").SendKeys("Buses, trams and the new bridge");
        browser.Submit(browser.Find("form[action='/bot/dashboard/topics/add'] button"));
        Assert.Contains("Added topic transit", browser.Find("#flash").Text);
        Assert.Equal(new Uri(proxy.BaseUrl, "dashboard/topics"), new Uri(browser.Driver.Url));

        // The script asks before a removal: it was loaded and runs. Declining keeps the topic.
        browser.Find("tr[data-topic='transit'] form[action$='/remove'] button").Click();
        var confirm = browser.Wait(d => Alert(d), "the removal's confirmation");
        Assert.Contains("Remove the topic transit?", confirm.Text);
        confirm.Dismiss();
        Assert.NotNull(browser.Find("tr[data-topic='transit']"));
        browser.Screenshot("02-topics");
    }

    private static IAlert? Alert(IWebDriver driver)
    {
        try
        {
            return driver.SwitchTo().Alert();
        }
        catch (NoAlertPresentException)
        {
            return null;
        }
    }

    private static bool StylesApplied(Browser browser) =>
        browser.Wait(d => ((IJavaScriptExecutor)d).ExecuteScript(
            "return document.readyState === 'complete' && document.styleSheets.length > 0 && document.styleSheets[0].cssRules.length > 0;") is true ? "styled" : null,
            "the stylesheet") is not null;

    private static bool ImageLoaded(Browser browser, string css)
    {
        browser.Find(css);
        return browser.Wait(d => ((IJavaScriptExecutor)d).ExecuteScript($"var i = document.querySelector(\"{css}\"); return i.complete && i.naturalWidth > 0;") is true ? "loaded" : null, "the image " + css) is not null;
    }
}
