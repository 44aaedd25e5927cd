using DiscussionBot.Core.Domain;
using DiscussionBot.Core.Polls;
using DiscussionBot.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DiscussionBot.Web.Dashboard;

/// <summary>Open and closed polls; a poll's results with the chart <c>/results</c> posts (the same code) and its votes over time.</summary>
public sealed class PollsPage(IPollStore polls, IEventLog events, PollService service, TimeProvider time)
{
    public void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/polls", (HttpContext http) => List(new PageContext(http)));
        pages.MapGet("/polls/{id:int}", (HttpContext http, int id) => WithPoll(http, id, (page, poll) => Detail(page, poll)));
        pages.MapGet("/charts/poll-{id:int}.png", (HttpContext http, int id) => WithPoll(http, id, (_, poll) =>
            ResultsHandler.Render(service.Results(poll), time.GetUtcNow()).Image is { } image ? Results.Bytes(image.Png, "image/png") : Results.NotFound()));
        pages.MapGet("/charts/poll-{id:int}-timeline.png", (HttpContext http, int id) => WithPoll(http, id, (_, poll) =>
            service.Results(poll).Hidden ? Results.NotFound() : Results.Bytes(Timeline(poll), "image/png")));
    }

    private IResult WithPoll(HttpContext http, int id, Func<PageContext, Poll, IResult> then)
    {
        var page = new PageContext(http);
        var poll = polls.Get(id);
        return page.Owns(poll, () => Layout.Message(StatusCodes.Status404NotFound, "No such poll", $"There is no poll {id}."), out var refusal)
            ? then(page, poll)
            : refusal;
    }

    private IResult List(PageContext page)
    {
        var now = time.GetUtcNow();
        var all = polls.ByCommunity(page.Community).OrderByDescending(p => p.Id).ToList();
        Html Table(string id, IEnumerable<Poll> list) => Html.Of($"""
            <table id="{id}"><tr><th class="num">poll</th><th>question</th><th class="num">voters</th><th>closes</th></tr>
            {Html.Join(list, p => Html.Of($"<tr data-poll=\"{p.Id}\"><td class=\"num\"><a href=\"{page.Url($"/dashboard/polls/{p.Id}")}\">{p.Id}</a></td><td><a href=\"{page.Url($"/dashboard/polls/{p.Id}")}\">{p.Question}</a></td><td class=\"num\">{service.Results(p).Voters}</td><td>{(p.ClosedAt ?? p.ClosesAt):yyyy-MM-dd HH:mm} UTC</td></tr>"))}</table>
            """);
        var open = all.Where(p => !p.IsClosed(now)).ToList();
        var closed = all.Where(p => p.IsClosed(now)).ToList();
        var body = Html.Of($"""
            <h2>Open ({open.Count})</h2>{(open.Count == 0 ? Html.Raw("<p class=\"muted\">No open polls. Start one from a claim on the Claims page.</p>") : Table("polls-open", open))}
            <h2>Closed ({closed.Count})</h2>{(closed.Count == 0 ? Html.Raw("<p class=\"muted\">None yet.</p>") : Table("polls-closed", closed))}
            """);
        return Layout.Page(page, "Polls", "/dashboard/polls", body);
    }

    private IResult Detail(PageContext page, Poll poll)
    {
        var now = time.GetUtcNow();
        var results = service.Results(poll);
        var rows = results.Hidden
            ? Html.Of($"<p id=\"hidden\">{results.Voters} member(s) voted. Results are hidden until the poll closes ({poll.ClosesAt:yyyy-MM-dd HH:mm} UTC), as in the chat.</p>")
            : Html.Of($"""
                <table id="results"><tr><th class="num">#</th><th>option</th><th class="num">votes</th><th class="num">share</th></tr>
                {Html.Join(poll.Options.Select((o, i) => (o, i)), x => Html.Of($"<tr><td class=\"num\">{x.i + 1}</td><td>{x.o}</td><td class=\"num\" data-option=\"{x.i + 1}\">{results.Counts[x.i]}</td><td class=\"num\">{(results.Voters == 0 ? 0 : 100.0 * results.Counts[x.i] / results.Voters):0}%</td></tr>"))}</table>
                <img class="chart" id="results-chart" src="{page.Url($"/dashboard/charts/poll-{poll.Id}.png?v={results.Voters}")}" alt="Results of poll {poll.Id}">
                <h2>Votes over time</h2>
                <img class="chart" id="timeline-chart" src="{page.Url($"/dashboard/charts/poll-{poll.Id}-timeline.png?v={results.Voters}")}" alt="Votes over time of poll {poll.Id}">
                """);
        var body = Html.Of($"""
            <p><strong>{poll.Question}</strong></p>
            <p class="muted">{(poll.IsClosed(now) ? "closed" : "open until")} {(poll.ClosedAt ?? poll.ClosesAt):yyyy-MM-dd HH:mm} UTC · {results.Voters} voter(s){(poll.ClaimId is { } c ? $" · on claim {c}" : "")}{(poll.MultipleChoice ? " · several answers allowed" : "")}{(poll.Anonymous ? " · anonymous" : "")} · started by {poll.CreatedBy}</p>
            {rows}
            <p><a href="{page.Url("/dashboard/polls")}">All polls</a></p>
            """);
        return Layout.Page(page, $"Poll {poll.Id}", "/dashboard/polls", body);
    }

    /// <summary>Each option's count after every vote event, replaying the log in order (a voter's latest event counts).</summary>
    private byte[] Timeline(Poll poll)
    {
        var current = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var times = new List<DateTimeOffset> { poll.CreatedAt };
        var series = poll.Options.Select(_ => new List<double> { 0 }).ToList();
        foreach (var vote in events.VotesOf(poll.Id).OrderBy(v => v.Seq))
        {
            current[vote.Voter] = vote.Options;
            times.Add(vote.At);
            for (var i = 0; i < series.Count; i++)
            {
                series[i].Add(current.Values.Count(options => options.Contains(i)));
            }
        }
        var end = poll.IsClosed(time.GetUtcNow()) ? poll.ClosedAt ?? poll.ClosesAt : time.GetUtcNow();
        if (end > times[^1])
        {
            times.Add(end);
            series.ForEach(s => s.Add(s[^1]));
        }
        return DashboardCharts.Lines($"Poll {poll.Id}: votes over time", times, poll.Options.Select((o, i) => (o, (IReadOnlyList<double>)series[i])).ToList(), "votes");
    }
}
