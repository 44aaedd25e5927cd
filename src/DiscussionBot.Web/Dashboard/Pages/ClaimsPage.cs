using DiscussionBot.Core.Analysis;
using DiscussionBot.Core.Commands.Records;
using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Library;
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
            var (topic, text) = (DashboardCommands.Field(form, "topic").ToLowerInvariant(), DashboardCommands.Field(form, "text"));
            return await commands.RunAndRedirectAsync(page, "claim", new ClaimAdd(topic, text), $"add {topic} {text}", BackTo(form));
        });
        pages.MapPost("/claims/{id:int}/{action}", async (HttpContext http, int id, string action) =>
        {
            var page = new PageContext(http);
            if (!page.Owns(claims.Get(id), () => commands.Refuse(page, $"There is no claim {id}.", Back), out var refusal))
            {
                return refusal;
            }
            var form = await http.Request.ReadFormAsync();
            var back = BackTo(form);
            switch (action)
            {
                case "approve" or "reject":
                    return await commands.RunAndRedirectAsync(page, "claim", new ClaimReview(id, Approve: action == "approve"), $"{action} {id}", back);
                case "poll":
                    var options = DashboardCommands.Field(form, "options").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var duration = DashboardCommands.Field(form, "duration");
                    TimeSpan? length = null;
                    if (duration.Length > 0)
                    {
                        length = CommunitySettings.ParseDuration(duration);
                        if (length is null)
                        {
                            return commands.Refuse(page, PollCommand.DurationProblem, back);
                        }
                    }
                    // A box left unticked keeps the community's default, as a flag left out of /poll does.
                    bool? Ticked(string flag) => form[flag] == "on" ? true : null;
                    var poll = new PollCommand(id, null, options, length, Ticked("multiple"), Ticked("anonymous"), Ticked("hidden"));
                    return await commands.RunAndRedirectAsync(page, "poll", poll, $"{id} {string.Join(' ', options)} {duration}", back);
                default:
                    return Results.NotFound();
            }
        });
    }

    /// <summary>Back to the claims page, with the topic filter the form came from.</summary>
    private static string BackTo(IFormCollection form) =>
        Back + (form["topic"].ToString() is { Length: > 0 } t ? "?topic=" + Uri.EscapeDataString(t) : "");

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
            <form method="get" action="{page.Url("/dashboard/claims")}" class="filters">topic
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
