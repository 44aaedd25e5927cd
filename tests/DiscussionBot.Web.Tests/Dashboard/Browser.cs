using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace DiscussionBot.Web.Tests.Dashboard;

/// <summary>Debian's headless Chromium through its chromedriver (both from apt: chromium, chromium-driver). Every flag
/// keeps it off the network it cannot reach; a fresh profile per run. Screenshots go to a folder of the test output.</summary>
public sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    private readonly string _profile = Directory.CreateTempSubdirectory("discussionbot-chromium-").FullName;

    public Browser(string screenshotFolder)
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(DriverPath))
        {
            throw new InvalidOperationException("The browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver (.ci/run does).");
        }
        ScreenshotFolder = Directory.CreateDirectory(screenshotFolder).FullName;
        Downloads = Directory.CreateDirectory(Path.Combine(_profile, "downloads")).FullName;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1000", $"--user-data-dir={Path.Combine(_profile, "profile")}");
        options.AddUserProfilePreference("download.default_directory", Downloads);
        options.AddUserProfilePreference("download.prompt_for_download", false);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(60);
    }

    public ChromeDriver Driver { get; }

    public string ScreenshotFolder { get; }

    public string Downloads { get; }

    public void Open(Uri url) => Driver.Navigate().GoToUrl(url);

    public IWebElement Find(string css) => Wait(d => d.FindElements(By.CssSelector(css)).FirstOrDefault(), $"an element {css}");

    public T Wait<T>(Func<IWebDriver, T?> condition, string what, int seconds = 30)
        where T : class
    {
        var wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(seconds));
        try
        {
            return wait.Until(d => condition(d))!;
        }
        catch (WebDriverTimeoutException)
        {
            throw new TimeoutException($"Waited {seconds} s for {what} on {Driver.Url}. The page was:\n{Driver.PageSource}");
        }
    }

    /// <summary>Clicks a submit button and waits for the next page: the old page's window carries a mark the new one lacks.</summary>
    public void Submit(IWebElement button)
    {
        Driver.ExecuteScript("window.__beforeSubmit = true;");
        button.Click();
        Wait(d => ((IJavaScriptExecutor)d).ExecuteScript("return window.__beforeSubmit !== true && document.readyState === 'complete';") is true ? "navigated" : null, "the page after the form");
    }

    public string Screenshot(string name)
    {
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
