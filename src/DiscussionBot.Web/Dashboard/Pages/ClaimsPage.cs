using System.Globalization;
using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DiscussionBot.Web.Dashboard;

/// <summary>Claims by status (candidates, approved, polled, rejected), found the way <c>/claims</c> finds them; approve and
/// reject go through <c>/claim</c>, a poll through <c>/poll</c> with its rules.</summary>
public sealed class ClaimsPage(ITopicStore topics, IClaimStore claims, ViewpointService views, ClaimService claimService, DashboardCommands commands)
{
    private const string Back = "/dashboard/claims";

    public void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/claims", (HttpContext http, string? topic) => Render(new PageContext(http), topic));
        pages.MapPost("/claims/add", async (HttpContext http) =>
        {
            var page = new PageContext(http);
            var form = await http.Request.ReadFormAsync();
            var topic = DashboardCommands.Argument(form["topic"]);
            var text = DashboardCommands.Argument(form["text"]);
            var back = Back + (form["topic"].ToString() is { Length: > 0 } t ? "?topic=" + Uri.EscapeDataString(t) : "");
            return topic is null || text is null
                ? commands.Refuse(page, "Double quotes cannot be used in a claim's text.", back)
                : await commands.RunAndRedirectAsync(page, "claim", $"add {topic} {text}", back);
        });
        pages.MapPost("/claims/{id:int}/{action}", async (HttpContext http, int id, string action) =>
        {
            var page = new PageContext(http);
            if (claims.Get(id) is not { } claim)
            {
                return commands.Refuse(page, $"There is no claim {id}.", Back);
            }
            if (claim.CommunityId != page.Community)
            {
                return PageContext.Forbidden();
            }
            var form = await http.Request.ReadFormAsync();
            var back = Back + (form["topic"].ToString() is { Length: > 0 } t ? "?topic=" + Uri.EscapeDataString(t) : "");
            switch (action)
            {
                case "approve" or "reject":
                    return await commands.RunAndRedirectAsync(page, "claim", $"{action} {id}", back);
                case "poll":
                    var words = new List<string> { id.ToString(CultureInfo.InvariantCulture) };
                    var options = form["options"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(DashboardCommands.Argument).ToList();
                    var duration = form["duration"].ToString().Trim();
                    if (options.Any(o => o is null) || duration.Any(c => char.IsWhiteSpace(c) || c == '"'))
                    {
                        return commands.Refuse(page, "Options cannot contain double quotes, and a duration is one word such as 2d.", back);
                    }
                    words.AddRange(options!);
                    if (duration.Length > 0)
                    {
                        words.Add("--duration " + duration);
                    }
                    foreach (var flag in new[] { "multiple", "anonymous", "hidden" })
                    {
                        if (form[flag] == "on")
                        {
                            words.Add("--" + flag);
                        }
                    }
                    return await commands.RunAndRedirectAsync(page, "poll", string.Join(' ', words), back);
                default:
                    return Results.NotFound();
            }
        });
    }

    private IResult Render(PageContext page, string? topicSlug)
    {
        var communityTopics = topics.List(page.Community).OrderBy(t => t.Slug, StringComparer.Ordinal).ToList();
        var selected = communityTopics.FirstOrDefault(t => t.Slug == topicSlug);
        var all = new List<Claim>();
        foreach (var topic in selected is null ? communityTopics : [selected])
        {
            // The same candidates /claims shows: those of the topic's two biggest stories, and the ones moderators added.
            foreach (var story in views.StoriesOfTopic(topic).Take(2))
            {
                all.AddRange(claimService.Sync(page.Community, views.View(page.Community, story), topic.Id));
            }
            all.AddRange(claims.ByTopic(page.Community, topic.Id));
        }
        var names = communityTopics.ToDictionary(t => t.Id, t => t.Slug);
        var distinct = all.DistinctBy(c => c.Id).ToList();
        var filter = Html.Of($"""
            <form method="get" action="/dashboard/claims" class="filters">topic
            <select name="topic" class="autosubmit" id="topic-filter"><option value="">all topics</option>{Html.Join(communityTopics, t => Html.Of($"<option value=\"{t.Slug}\"{(t == selected ? Html.Raw(" selected") : Html.Empty)}>{t.Slug}</option>"))}</select>
            <button type="submit" class="secondary">Show</button></form>
            """);
        var sections = Html.Join(new[] { ClaimStatus.Candidate, ClaimStatus.Approved, ClaimStatus.Polled, ClaimStatus.Rejected }, status =>
        {
            var list = ClaimService.Ranked(distinct.Where(c => c.Status == status)).ToList();
            if (status == ClaimStatus.Rejected)
            {
                list = distinct.Where(c => c.Status == status).OrderBy(c => c.Id).ToList();
            }
            var title = status switch { ClaimStatus.Candidate => "Candidates", ClaimStatus.Approved => "Approved", ClaimStatus.Polled => "Polled", _ => "Rejected" };
            return Html.Of($"""
                <h2>{title} ({list.Count})</h2>
                {(list.Count == 0 ? Html.Raw("<p class=\"muted\">None.</p>") : Html.Of($"<table id=\"claims-{title.ToLowerInvariant()}\"><tr><th class=\"num\">id</th><th>claim</th><th>topic</th><th>sources</th><th>actions</th></tr>{Html.Join(list, c => Row(page, c, names, selected?.Slug))}</table>"))}
                """);
        });
        var add = page.Form("/dashboard/claims/add", Html.Of($"""
            <select name="topic" id="new-claim-topic">{Html.Join(communityTopics, t => Html.Of($"<option value=\"{t.Slug}\"{(t == selected ? Html.Raw(" selected") : Html.Empty)}>{t.Slug}</option>"))}</select>
            <input type="text" name="text" id="new-claim-text" class="wide" placeholder="the claim, as members would vote on it" required maxlength="{ClaimHandler.MaxText}">
            """), "Add claim");
        return Layout.Page(page, "Claims", Back, Html.Of($"{filter}<h2>Add a claim</h2>{add}{sections}"));
    }

    private static Html Row(PageContext page, Claim c, Dictionary<int, string> topicNames, string? topic)
    {
        var prefix = $"/dashboard/claims/{c.Id}";
        var keep = Html.Of($"<input type=\"hidden\" name=\"topic\" value=\"{topic}\">");
        var asserts = c.Stances.Where(s => s.Stance == Stance.Asserts).Select(s => s.Source).ToList();
        var denies = c.Stances.Where(s => s.Stance == Stance.Denies).Select(s => s.Source).ToList();
        var actions = new List<Html>();
        if (c.Status is ClaimStatus.Candidate or ClaimStatus.Rejected)
        {
            actions.Add(page.Form(prefix + "/approve", keep, "Approve"));
        }
        if (c.Status is not ClaimStatus.Rejected)
        {
            actions.Add(page.Form(prefix + "/reject", keep, "Reject", confirm: "Reject this claim? It will not be listed or polled.", buttonClass: "danger"));
            actions.Add(page.Form(prefix + "/poll", Html.Of($"""
                {keep}<input type="text" name="options" placeholder="options: Agree, Disagree, Unsure" class="wide">
                <input type="text" name="duration" placeholder="duration, e.g. 2d" size="10">
                <label><input type="checkbox" name="multiple"> multiple</label><label><input type="checkbox" name="anonymous"> anonymous</label><label><input type="checkbox" name="hidden"> hidden until close</label>
                """), "Start poll"));
        }
        return Html.Of($"""
            <tr data-claim="{c.Id}"><td class="num">{c.Id}</td><td>{c.Text}<div class="muted">{c.Origin.ToString().ToLowerInvariant()} · score {c.Score:0.##}</div></td>
            <td>{(c.TopicId is { } t && topicNames.TryGetValue(t, out var slug) ? slug : "")}</td>
            <td>{(asserts.Count > 0 ? Html.Of($"<div>asserted by {string.Join(", ", asserts)}</div>") : Html.Empty)}{(denies.Count > 0 ? Html.Of($"<div>possibly disputed by {string.Join(", ", denies)}</div>") : Html.Empty)}</td>
            <td>{Html.Join(actions)}</td></tr>
            """);
    }
}
