using DiscussionBot.Ingest.Extraction;
using DiscussionBot.Ingest.Tests.Support;

namespace DiscussionBot.Ingest.Tests;

public sealed class ArticleExtractorTests
{
    private readonly ArticleExtractor _extractor = new();

    [Fact]
    public void The_article_is_extracted_with_its_metadata_and_without_menus_ads_or_comments()
    {
        var (article, problem) = _extractor.Extract(Pages.FerryPage(), "https://www.calder-courier.example/harbour/ferry-resumes");

        Assert.Null(problem);
        Assert.NotNull(article);
        Assert.Equal(Pages.FerryTitle, article.Title);
        Assert.Equal("Marta Quill", article.Author);
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 8, 30, 0, TimeSpan.Zero), article.Published);
        Assert.Equal("The Calder Courier", article.SiteName);
        Assert.Equal("en", article.Language);
        foreach (var paragraph in Pages.FerryParagraphs)
        {
            Assert.Contains(paragraph, article.Paragraphs);
        }
        var text = article.Text;
        Assert.DoesNotContain("cookies", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Advertisement", text);
        Assert.DoesNotContain("seadog77", text);
        Assert.DoesNotContain("Most read", text);
        Assert.DoesNotContain("All rights reserved", text);
        Assert.DoesNotContain("Subscribe", text);
        Assert.DoesNotContain("<p>", text);
    }

    [Fact]
    public void The_main_text_keeps_paragraph_breaks_as_blank_lines()
    {
        var (article, _) = _extractor.Extract(Pages.CouncilPage(), "https://brenmoor-gazette.example/news/library-vote");

        Assert.NotNull(article);
        Assert.Contains(Pages.CouncilParagraphs[0] + "\n\n" + Pages.CouncilParagraphs[1], article.Text);
    }

    [Fact]
    public void The_draft_names_the_domain_as_its_source_so_moderators_label_it_with_source_set()
    {
        var outcome = _extractor.Read(Pages.FerryPage(), "https://www.calder-courier.example/harbour/ferry-resumes");

        Assert.NotNull(outcome.Draft);
        Assert.Equal("calder-courier.example", outcome.Draft.Source);
        Assert.Equal("https://www.calder-courier.example/harbour/ferry-resumes", outcome.Draft.Url);
        Assert.Equal("Marta Quill", outcome.Draft.Author);
    }

    [Fact]
    public void An_html_file_without_a_web_address_takes_the_site_name_as_its_source()
    {
        var outcome = _extractor.Read(Pages.FerryPage(), "file:///tmp/ferry.html");

        Assert.NotNull(outcome.Draft);
        Assert.Equal("The Calder Courier", outcome.Draft.Source);
        Assert.Null(outcome.Draft.Url);
    }

    [Theory]
    [InlineData(Pages.NoArticlePage)]
    [InlineData("<html><body></body></html>")]
    [InlineData("   ")]
    [InlineData("<html><body><p>Too short to be news.</p></body></html>")]
    public void A_page_without_readable_text_is_a_clear_problem(string html)
    {
        var outcome = _extractor.Read(html, "https://calder-courier.example/login");

        Assert.Null(outcome.Draft);
        Assert.Matches("no readable article text|the page is empty", outcome.Problem);
    }

    [Fact]
    public void Html_to_text_drops_scripts_and_flattens_inline_markup()
    {
        var text = HtmlText.ToText("<div><p>The <b>harbour</b> <a href='/x'>reopened</a>.</p><script>var x = 1;</script><ul><li>One</li><li>Two</li></ul></div>");

        Assert.Equal("The harbour reopened.\n\nOne\n\nTwo", text);
    }
}
