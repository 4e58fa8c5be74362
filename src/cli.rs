//! The command line: clap derive types, tested without running anything.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::search::facets::Period;
use crate::search::{Choice, Filters, Sort};

/// newsidx: a fast local full-text search engine for news archives.
///
/// Index a folder of article files (text, JSON, JSON lines, Reuters SGML,
/// each optionally gzipped), then search it with ranked, highlighted
/// results. People and topics are found in every article.
#[derive(Debug, Parser, PartialEq)]
#[command(name = "newsidx", version, propagate_version = true)]
#[command(after_help = "Exit codes: 0 success (search: hits found), 1 search \
found nothing, 2 error, 3 index finished but skipped some input, 130 \
interrupted.\n\nExample:\n  newsidx index ./data\n  newsidx search \"Lavrov arms control\"")]
pub struct Cli {
    /// Index directory [default: ./newsidx-index, or $NEWSIDX_INDEX]
    #[arg(
        long,
        global = true,
        env = "NEWSIDX_INDEX",
        value_name = "DIR",
        hide_env_values = true
    )]
    pub index: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand, PartialEq)]
pub enum Command {
    /// Index article files and folders (creates the index on first use)
    Index(IndexArgs),
    /// Search the index
    Search(SearchArgs),
    /// Print one article in full, by its id (as search results give it)
    Show(ShowArgs),
    /// The articles most like one article (more-like-this), by its id
    Similar(SimilarArgs),
    /// Run many queries from a file or stdin, one answer per query
    Batch(BatchArgs),
    /// Parse, clean and enrich files without indexing; print the result
    Extract(ExtractArgs),
    /// The most frequent people, over all articles or those matching a query
    People(FacetArgs),
    /// The most frequent topics, over all articles or those matching a query
    Topics(FacetArgs),
    /// How many matching articles per day, week, month or year
    Timeline(TimelineArgs),
    /// What the index holds: articles, files, size, dates, sources
    Stats(StatsArgs),
    /// Score a TREC run against relevance judgments (MAP, nDCG@10, ...)
    Eval(EvalArgs),
    /// Search the archive in a web browser: a local page and a JSON API
    ///
    /// The page takes the same query syntax as `newsidx search`, with
    /// filters for person, topic, source and dates, the top people and
    /// topics of the results, a timeline, and each article's full text. The
    /// JSON API answers /api/search, /api/people, /api/topics,
    /// /api/timeline, /api/article and /api/similar with the fields of
    /// --json (see the README). The index is read again after each `newsidx index` run,
    /// without a restart; it may even be created after the server starts.
    Serve(ServeArgs),
    /// Write enriched articles as OpenSearch/Elasticsearch bulk NDJSON
    ///
    /// From files (the pipeline of `index`: parse, clean, people, topics,
    /// near-duplicate groups; no index needed) or from an index
    /// (--from-index). Each article is an action line
    /// {"index":{"_index":NAME,"_id":KEY}} and a document with the fields of
    /// schema/opensearch.json; `_id` is the article key, so loading the
    /// output twice adds nothing.
    Export(ExportArgs),
    /// Send enriched articles straight to an OpenSearch cluster
    ///
    /// The documents of `newsidx export`, in bulk requests. The index is
    /// created when missing, from the embedded template
    /// (schema/opensearch.json) with --shards and --replicas. Requests the
    /// cluster is too busy for (429, 503) or that lose their connection are
    /// sent again after a pause; documents the cluster refuses are reported
    /// with their key, and the run goes on.
    Push(PushArgs),
}

/// Where `newsidx serve` listens, and how many requests it answers at once.
#[derive(Debug, Args, PartialEq)]
#[command(after_help = "Prints the address to open, then serves until \
stopped with Ctrl-C. Exit code 2 if the address cannot be used (a port in \
use: try another --port, or --port 0 for any free one).\n\nExamples:\n  \
newsidx serve\n  newsidx serve --port 0\n  newsidx serve --remote \
http://localhost:9200\n  curl 'http://127.0.0.1:8080/api/\
search?q=lavrov&limit=5'")]
pub struct ServeArgs {
    /// Port to listen on; 0 picks a free one
    #[arg(long, default_value_t = 8080, value_name = "PORT")]
    pub port: u16,

    /// IP address to listen on. The default, loopback, keeps the archive
    /// on this machine; 0.0.0.0 shares it with your network
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: IpAddr,

    /// Most searches run at once, each on its own thread; further requests wait their turn
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: u16,

    #[command(flatten)]
    pub remote: SearchRemoteArgs,
}

/// What the index holds: articles, files, size on disk, segments, date
/// range, last update, top sources.
#[derive(Debug, Args, PartialEq)]
pub struct StatsArgs {
    /// One JSON object: articles, files, bytes_on_disk, segments,
    /// first_date, last_date, updated, sources
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub remote: SearchRemoteArgs,
}

/// Run parsing, cleaning and people and topic extraction on files, without
/// indexing: to check what newsidx makes of them, or to reuse it.
#[derive(Debug, Args, PartialEq)]
pub struct ExtractArgs {
    /// Files or folders
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// One JSON object per article per line: id, path, title, date, source,
    /// url, body (cleaned), people, topics, and mentions with byte offsets
    #[arg(long)]
    pub json: bool,

    /// Name people as the index (--index) knows them: the archive's
    /// spellings, surnames and rejections, and corrections.json
    #[arg(long)]
    pub archive: bool,
}

/// Count people or topics over the articles matching a query (all articles
/// when no query is given), most frequent first.
#[derive(Debug, Args, PartialEq)]
pub struct FacetArgs {
    /// Only articles matching this query
    #[arg(value_name = "QUERY", allow_hyphen_values = true, value_parser = query_arg)]
    pub query: Option<String>,

    /// Take the query as plain words
    #[arg(long)]
    pub plain: bool,

    /// Count articles holding any of the words (by default all of them)
    #[arg(long)]
    pub any: bool,

    /// How many to list
    #[arg(short = 'n', long, default_value_t = 20, value_name = "N")]
    pub limit: usize,

    #[command(flatten)]
    pub filters: FilterArgs,

    #[command(flatten)]
    pub remote: SearchRemoteArgs,

    /// One JSON object per line: name, count
    #[arg(long)]
    pub json: bool,
}

/// Matching articles per period, as a bar chart in the terminal, JSON, or
/// an SVG chart for reports.
#[derive(Debug, Args, PartialEq)]
pub struct TimelineArgs {
    /// The query (`*` for every article)
    #[arg(value_name = "QUERY", allow_hyphen_values = true, value_parser = query_arg)]
    pub query: String,

    /// Period length
    #[arg(long, value_enum, default_value_t = Period::Month)]
    pub by: Period,

    /// Take the query as plain words
    #[arg(long)]
    pub plain: bool,

    /// Count articles holding any of the words (by default all of them)
    #[arg(long)]
    pub any: bool,

    #[command(flatten)]
    pub filters: FilterArgs,

    #[command(flatten)]
    pub remote: SearchRemoteArgs,

    /// One JSON object: by, total, undated, periods [{period, start, count}]
    #[arg(long)]
    pub json: bool,

    /// Also write the chart as SVG to this file
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
}

/// Index article files: walks folders recursively (hidden files skipped),
/// parses, cleans and enriches articles in parallel, and writes them to
/// the index. On an existing index, brings it in line with PATH: new files
/// added, changed files re-indexed, articles of deleted files removed;
/// unchanged files are not parsed again.
#[derive(Debug, Args, PartialEq)]
#[command(after_help = "Formats, by extension (each also .gz): .txt (first \
non-empty line is the title), .json (an article object or an array), \
.jsonl/.ndjson (one object per line), .sgm/.sgml (Reuters-21578).\n\n\
Corpus folders often hold notes and lists beside the articles (a \
README.txt would be indexed as an article): leave them out with --exclude, \
e.g. `newsidx index reuters21578 --exclude README.txt --exclude '*.lc.txt'`. \
Files indexed before and excluded now are removed from the index.\n\n\
Exit codes: 0 all input indexed, 3 finished but some files or records were \
skipped (each reported on stderr, counted in the summary), 2 error, 130 \
interrupted (what was done is committed).")]
pub struct IndexArgs {
    /// Files or folders to index
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Worker threads for parsing and indexing [default: number of CPUs, at
    /// most 8]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: Option<u16>,

    /// Memory budget of the index writer, in MB
    #[arg(long, value_name = "MB", default_value_t = 256, value_parser = clap::value_parser!(u32).range(32..=16384))]
    pub memory_mb: u32,

    /// No progress bar
    #[arg(short, long)]
    pub quiet: bool,

    /// Keep the articles of files that no longer exist under PATH
    #[arg(long)]
    pub keep_deleted: bool,

    /// Commit at least this often, in seconds, so a crash loses little
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub commit_interval: u64,

    /// Leave out files and folders matching this glob (gitignore-style,
    /// repeatable): `README.txt`, `'*.lc.txt'`, `'drafts/'`. A glob
    /// without a slash matches a name at any depth; with one, a path
    /// under each folder given
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Index only files matching this glob (repeatable; gitignore-style,
    /// as --exclude). --exclude wins over --include
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
}

/// Search the index. An article must hold all the words (after
/// stemming), as on web search engines; --any takes those holding any of
/// them. Words rank by BM25 over title, body, people and topics; title
/// matches and the words as a phrase count more.
///
/// Query syntax: words, whatever punctuation they carry (Trump's, U.S.,
/// AT&T); "exact phrases"; AND, OR, NOT and parentheses; -word to
/// exclude (alone: every article without it); tiller* for words starting
/// so; lavrov~1 for words one edit away (~2: two); field:value for title,
/// body, people, topic, source; field:* for articles having the field;
/// date:[2017-01-01 TO 2017-02-01] for date ranges (`*` for an open end).
#[derive(Debug, Args, PartialEq)]
#[command(after_help = "Exit codes: 0 hits found, 1 no hits, 2 error \
(including a query syntax error).\n\nExamples:\n  newsidx search \"Lavrov \
arms control\"\n  newsidx search 'people:lavrov AND topic:diplomacy' --sort \
newest\n  newsidx search '\"arms control\" -nuclear' --since 2017-02-01 --json\n  \
newsidx search oil --source Reuters -n 100 --format csv > oil.csv\n  newsidx \
search oil -n 0   (just the count)\n\nEach hit shows its id: `newsidx show ID` \
prints the article, `newsidx similar ID` those like it.")]
pub struct SearchArgs {
    /// The query (it may start with a hyphen: "-rubio lavrov")
    #[arg(value_name = "QUERY", allow_hyphen_values = true, value_parser = query_arg)]
    pub query: String,

    /// Take the query as plain words: no operators, no fields, no quotes
    #[arg(long)]
    pub plain: bool,

    /// Match articles holding any of the words, best first (by default
    /// an article must hold all of them)
    #[arg(long)]
    pub any: bool,

    /// Number of hits to show (0: just how many match)
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Hits to skip, for paging
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,

    /// Order of hits
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    pub sort: Sort,

    /// Show every copy of a story (by default near-duplicates are folded
    /// into the best-ranked copy)
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub filters: FilterArgs,

    #[command(flatten)]
    pub remote: SearchRemoteArgs,

    /// One JSON object per hit per line, each with the total of matching
    /// articles; a page without hits is one line {total, offset, limit}
    /// (the same as --format json)
    #[arg(long)]
    pub json: bool,

    /// Output format: text for reading, json (as --json), csv for
    /// spreadsheets (id, date, source, title, url, people, topics, score,
    /// rank, path; a header line first)
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
    pub format: Option<SearchFormat>,
}

/// `newsidx search --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum SearchFormat {
    /// Hits for reading (the default)
    #[default]
    Text,
    /// One JSON object per hit per line, as --json
    Json,
    /// Comma-separated values (RFC 4180), one row per hit, with a header
    Csv,
}

impl SearchArgs {
    /// The output format asked for: `--format`, or `--json`.
    pub fn output(&self) -> SearchFormat {
        match (self.format, self.json) {
            (Some(format), _) => format,
            (None, true) => SearchFormat::Json,
            (None, false) => SearchFormat::Text,
        }
    }
}

/// Print one article in full: title, date, source, URL, file and record,
/// people, topics, its near-duplicates, and the cleaned text.
#[derive(Debug, Args, PartialEq)]
#[command(
    after_help = "Ids are unique within a file, not across files: when several articles have the id, they are listed and --path picks one.

Exit codes: 0 shown, 2 no such article, several with that id, or an error.

Examples:
  newsidx show 1228
  newsidx show 15048 --json
  newsidx show 176 --path data/feeds/news-articles-sample.jsonl"
)]
pub struct ShowArgs {
    /// The article's id, as search results give it
    #[arg(value_name = "ID", allow_hyphen_values = true)]
    pub id: String,

    /// The article's file, when several files have an article with this
    /// id (the path as search results give it, or as indexed; with
    /// --remote, as the machine that pushed it wrote it)
    #[arg(long, value_name = "FILE")]
    pub path: Option<String>,

    /// One JSON object: id, path, record, title, date, source, url,
    /// people, topics, group, duplicates [{id, path, title, date,
    /// source}], body
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub remote: SearchRemoteArgs,
}

/// The articles most like one article: more-like-this (tantivy's, or the
/// cluster's with --remote) over its title and text (the words that are frequent in it and rare in the
/// archive), with the filters and outputs of `search`. The article itself
/// and its near-duplicates are left out.
#[derive(Debug, Args, PartialEq)]
#[command(
    after_help = "Exit codes: 0 similar articles found, 1 none, 2 no such article, several with that id, or an error.

Examples:
  newsidx similar 1228
  newsidx similar 176 --source Reuters --since 1987-03-01 -n 5 --json"
)]
pub struct SimilarArgs {
    /// The article's id, as search results give it
    #[arg(value_name = "ID", allow_hyphen_values = true)]
    pub id: String,

    /// The article's file, when several files have an article with this id
    #[arg(long, value_name = "FILE")]
    pub path: Option<String>,

    /// Number of articles to show
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Articles to skip, for paging
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,

    /// Order of the articles
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    pub sort: Sort,

    /// Show every copy of a story (by default near-duplicates are folded
    /// into the best-ranked copy)
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// One JSON object per article per line (the same as --format json)
    #[arg(long)]
    pub json: bool,

    /// Output format: text, json (as --json) or csv
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
    pub format: Option<SearchFormat>,

    #[command(flatten)]
    pub remote: SearchRemoteArgs,
}

impl SimilarArgs {
    /// The output format asked for: `--format`, or `--json`.
    pub fn output(&self) -> SearchFormat {
        match (self.format, self.json) {
            (Some(format), _) => format,
            (None, true) => SearchFormat::Json,
            (None, false) => SearchFormat::Text,
        }
    }
}

/// Run many queries at once, for scripts: one query per input line, in
/// parallel on one open index, answers in input order.
///
/// A plain line is a query in the search syntax. A line that is a JSON
/// object carries "id", "query", and optionally "limit", "person",
/// "topic", "source", "since", "until", "plain", "match" ("all" or
/// "any"), "all" (these override the flags); any other key is an error. Blank lines and lines starting with # are skipped. A query
/// without an id is known by its line number.
#[derive(Debug, Args, PartialEq)]
#[command(after_help = "Output formats:\n  jsonl  one object per query: id, \
query, took_ms, total, hits [rank, score, id, title, date, source, people, \
topics, group, duplicates, snippet]; a bad query gives {id, query, error} in place\n  tsv    \
query_id<TAB>rank<TAB>article_id<TAB>score<TAB>title\n  trec   qid Q0 docid \
rank score newsidx (for trec_eval and ir-measures)\n  csv    a header, then \
query_id,id,date,source,title,url,people,topics,score,rank,path per hit \
(RFC 4180)\nWith tsv, trec and csv, a bad query is reported on stderr.\n\nExit codes: 0 every query ran, 2 some query \
failed (the others still answered) or an error.")]
pub struct BatchArgs {
    /// File of queries, or - for standard input
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: PathBuf,

    /// Output format
    #[arg(long, value_enum, default_value_t = BatchFormat::Jsonl)]
    pub format: BatchFormat,

    /// Hits per query (a JSON line's "limit" overrides it)
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Take every query as plain words: no operators, no fields
    #[arg(long)]
    pub plain: bool,

    /// Match articles holding any of a query's words (by default all of
    /// them; a JSON line's "match" overrides it). For ranking evaluation
    #[arg(long)]
    pub any: bool,

    /// Leave snippets out of jsonl output (faster)
    #[arg(long)]
    pub no_snippets: bool,

    /// Every copy of a story, not one per near-duplicate group
    #[arg(long)]
    pub all: bool,

    /// Worker threads [default: number of CPUs]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: Option<u16>,

    #[command(flatten)]
    pub filters: FilterArgs,

    #[command(flatten)]
    pub remote: SearchRemoteArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum BatchFormat {
    /// One JSON object per query
    #[default]
    Jsonl,
    /// Tab-separated, one line per hit
    Tsv,
    /// TREC run format, one line per hit
    Trec,
    /// Comma-separated values (RFC 4180) for spreadsheets, one row per
    /// hit, with a header
    Csv,
}

/// Score a run (as `batch --format trec` writes) against TREC qrels, as
/// trec_eval does: MAP, nDCG@10, P@10 and recall@100, averaged over the
/// judged queries in the run.
#[derive(Debug, Args, PartialEq)]
pub struct EvalArgs {
    /// TREC qrels: query_id iteration doc_id relevance
    #[arg(long, value_name = "FILE")]
    pub qrels: PathBuf,

    /// TREC run: query_id Q0 doc_id rank score tag
    #[arg(value_name = "RUN")]
    pub run: PathBuf,

    /// Print the measures as one JSON object, with per-query figures
    #[arg(long)]
    pub json: bool,
}

/// Filters that narrow any query.
#[derive(Debug, Args, PartialEq, Default, Clone)]
pub struct FilterArgs {
    /// Only articles naming this person (surname alone matches)
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,

    /// Only articles with this topic
    #[arg(long, value_name = "NAME")]
    pub topic: Option<String>,

    /// Only articles from this source (e.g. bbc.com, Reuters)
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,

    /// Only articles on or after this date (YYYY-MM-DD or RFC 3339)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only articles on or before this date (YYYY-MM-DD or RFC 3339)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

/// Searching an OpenSearch cluster instead of the local index.
#[derive(Debug, Args, PartialEq, Default, Clone)]
pub struct SearchRemoteArgs {
    /// Search the OpenSearch cluster at this URL (as `newsidx push` fills
    /// it) instead of the local index; same query syntax, same output
    #[arg(
        long,
        value_name = "URL",
        env = "NEWSIDX_REMOTE",
        hide_env_values = true
    )]
    pub remote: Option<String>,

    /// The cluster's index to search (with --remote)
    #[arg(long, value_name = "NAME", default_value = crate::remote::search::DEFAULT_INDEX)]
    pub remote_index: String,

    /// Credentials and TLS, as for `push`
    #[command(flatten)]
    pub connection: RemoteArgs,
}

impl From<&FilterArgs> for Filters {
    fn from(args: &FilterArgs) -> Filters {
        Filters {
            person: args.person.clone(),
            topic: args.topic.clone(),
            source: args.source.clone(),
            since: args.since.clone(),
            until: args.until.clone(),
        }
    }
}

/// `--sort`: the core's orders, by name, with a line of help each.
impl ValueEnum for Sort {
    fn value_variants<'a>() -> &'a [Self] {
        Sort::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            Sort::Relevance => "Best match first",
            Sort::Newest => "Latest first",
            Sort::Oldest => "Earliest first",
        };
        Some(PossibleValue::new(self.name()).help(help))
    }
}

/// `--by`: the core's timeline periods, by name.
impl ValueEnum for Period {
    fn value_variants<'a>() -> &'a [Self] {
        Period::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let value = PossibleValue::new(self.name());
        Some(match self {
            Period::Week => value.help("ISO weeks, starting on Monday"),
            _ => value,
        })
    }
}

/// A query may start with a hyphen (`-rubio lavrov` excludes rubio), so
/// clap takes a mistyped flag in its place (`search --jsn lavrov`) as the
/// query. A "query" that is one `--word` is that mistake: say so, as clap
/// says it of any unknown flag.
fn query_arg(s: &str) -> Result<String, String> {
    let flag_like = s.len() > 2
        && s.starts_with("--")
        && s[2..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '=');
    if flag_like {
        return Err(format!(
            "{s} is not a known flag (see --help); a query starts with one hyphen at most"
        ));
    }
    Ok(s.to_owned())
}

impl Cli {
    /// The index directory: `--index`, else `$NEWSIDX_INDEX`, else
    /// `./newsidx-index`.
    pub fn index_dir(&self) -> PathBuf {
        self.index
            .clone()
            .unwrap_or_else(|| PathBuf::from("newsidx-index"))
    }
}

/// Where `export` and `push` take their articles from, and how.
#[derive(Debug, Args, PartialEq)]
pub struct ExportSourceArgs {
    /// Files or folders to read (as `index` reads them)
    #[arg(
        value_name = "PATH",
        required_unless_present = "from_index",
        conflicts_with = "from_index"
    )]
    pub paths: Vec<PathBuf>,

    /// Read the articles stored in this index instead of files
    #[arg(long, value_name = "DIR")]
    pub from_index: Option<PathBuf>,

    /// The name of the OpenSearch index the documents go to
    #[arg(long, value_name = "NAME", default_value = "newsidx")]
    pub index_name: String,

    /// Worker threads [default: number of CPUs, at most 8]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: Option<u16>,

    /// No progress bar
    #[arg(short, long)]
    pub quiet: bool,
}

/// Bulk NDJSON for OpenSearch or Elasticsearch.
#[derive(Debug, Args, PartialEq)]
#[command(after_help = "Output order: files in path order, the articles of \
a file in file order, so the same files give the same output; --from-index \
writes in the index's own order (the same for the same index).\n\n\
Exit codes: 0 all input exported, 3 finished but some files or records were \
skipped (each reported on stderr, counted in the summary), 2 error, 130 \
interrupted.\n\nExamples:\n  newsidx export ./data > bulk.ndjson\n  \
newsidx export --from-index ./newsidx-index --output bulk.ndjson\n  \
curl -XPOST localhost:9200/_bulk -H 'content-type: application/x-ndjson' \
--data-binary @bulk.ndjson")]
pub struct ExportArgs {
    #[command(flatten)]
    pub source: ExportSourceArgs,

    /// Write to this file instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Send articles to an OpenSearch cluster.
#[derive(Debug, Args, PartialEq)]
#[command(after_help = "Incremental: from files, push sends only the files \
the cluster does not hold as they are now (new or changed: size and time, then \
content hash, as each document records them), and deletes from the cluster the \
documents of files gone from the paths given and those a changed file no \
longer holds. --full sends every file; --from-index always sends everything \
and deletes nothing.\n\n\
Credentials: --user and --password (or \
NEWSIDX_REMOTE_USER, NEWSIDX_REMOTE_PASSWORD, or user:password@ in the URL) \
are sent as HTTP basic authentication and never printed. https:// URLs are \
checked against the usual root certificates, or --ca-cert's.\n\n\
Exit codes: 0 all articles taken by the cluster, 3 finished but some input \
was skipped or some documents refused (each reported on stderr), 2 error \
(no cluster at URL, the index cannot be created, the cluster stays busy), \
130 interrupted.\n\nExamples:\n  newsidx push http://localhost:9200 ./data\n  \
newsidx push http://localhost:9200 --from-index ./newsidx-index --shards 4")]
pub struct PushArgs {
    /// The cluster: http(s)://[USER:PASSWORD@]HOST:PORT of any of its
    /// nodes
    #[arg(value_name = "URL")]
    pub url: String,

    #[command(flatten)]
    pub source: ExportSourceArgs,

    /// Primary shards of the index when push creates it
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub shards: u32,

    /// Replicas of each shard when push creates the index
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub replicas: u32,

    /// Send every file found, even those the cluster holds as they are
    /// (files gone are still deleted from the cluster)
    #[arg(long)]
    pub full: bool,

    #[command(flatten)]
    pub remote: RemoteArgs,

    /// Documents in one bulk request, at most
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub bulk_docs: u32,

    /// Size of one bulk request, at most (a single larger document goes alone)
    #[arg(long, value_name = "MB", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub bulk_mb: u32,

    /// Bulk requests under way at once
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,

    /// Times a request is sent again when the cluster is busy (429, 502,
    /// 503, 504) or the connection fails, with pauses doubling from half a
    /// second up to 30 s
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub retries: u32,
}

/// How to connect to a cluster, besides its URL: credentials and TLS.
/// Every command that talks to a cluster flattens it.
#[derive(Debug, Args, PartialEq, Clone, Default)]
pub struct RemoteArgs {
    /// User name for the cluster
    #[arg(
        long,
        value_name = "USER",
        env = "NEWSIDX_REMOTE_USER",
        hide_env_values = true
    )]
    pub user: Option<String>,

    /// Password for the cluster (better in the environment than on the
    /// command line, where other users may see it)
    #[arg(
        long,
        value_name = "PASSWORD",
        env = "NEWSIDX_REMOTE_PASSWORD",
        hide_env_values = true
    )]
    pub password: Option<Secret>,

    /// CA certificates (PEM) to trust for an https:// cluster whose
    /// certificate is signed by its own CA, instead of the usual roots
    #[arg(long, value_name = "FILE", env = "NEWSIDX_REMOTE_CA_CERT")]
    pub ca_cert: Option<PathBuf>,

    /// Do not verify the https:// cluster's certificate (anyone on the way
    /// can read and change what is sent, credentials included)
    #[arg(long, conflicts_with = "ca_cert")]
    pub insecure: bool,
}

/// A password: shown as `***` by `Debug`, so no dump of the arguments
/// prints it.
#[derive(Clone, PartialEq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Secret, Self::Err> {
        Ok(Secret(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_args_parse() {
        let cli = Cli::try_parse_from([
            "newsidx",
            "search",
            "lavrov",
            "--limit",
            "5",
            "--sort",
            "newest",
            "--person",
            "Sergey Lavrov",
            "--index",
            "/tmp/i",
        ])
        .unwrap();
        assert_eq!(cli.index_dir(), PathBuf::from("/tmp/i"));
        let Command::Search(args) = cli.command else {
            panic!()
        };
        assert_eq!(args.limit, 5);
        assert_eq!(args.sort, Sort::Newest);
        assert_eq!(args.filters.person.as_deref(), Some("Sergey Lavrov"));
        let filters = Filters::from(&args.filters);
        assert_eq!(filters.person.as_deref(), Some("Sergey Lavrov"));
    }

    #[test]
    fn queries_may_start_with_a_hyphen() {
        let search = |args: &[&str]| {
            let argv = ["newsidx", "search"].iter().chain(args).copied();
            match Cli::try_parse_from(argv).map(|c| c.command) {
                Ok(Command::Search(args)) => Ok((args.query, args.limit)),
                Ok(other) => panic!("{other:?}"),
                Err(e) => Err(e.kind()),
            }
        };
        assert_eq!(search(&["-rubio lavrov"]), Ok(("-rubio lavrov".into(), 10)));
        assert_eq!(search(&["-rubio", "-n", "3"]), Ok(("-rubio".into(), 3)));
        assert_eq!(search(&["lavrov", "-n", "1"]), Ok(("lavrov".into(), 1)));
        assert_eq!(search(&["-n", "1", "lavrov"]), Ok(("lavrov".into(), 1)));
        assert_eq!(search(&["--", "-n"]), Ok(("-n".into(), 10)));
        assert!(search(&["lavrov", "--jsn"]).is_err());
        let cli = Cli::try_parse_from(["newsidx", "people", "-rubio", "-n", "2"]).unwrap();
        let Command::People(args) = cli.command else {
            panic!()
        };
        assert_eq!((args.query.as_deref(), args.limit), (Some("-rubio"), 2));
        let cli = Cli::try_parse_from(["newsidx", "timeline", "-rubio", "--by", "year"]).unwrap();
        let Command::Timeline(args) = cli.command else {
            panic!()
        };
        assert_eq!((args.query.as_str(), args.by), ("-rubio", Period::Year));
    }

    #[test]
    fn choices_parse_by_their_core_names() {
        let cli = Cli::try_parse_from(["newsidx", "timeline", "x", "--by", "week"]).unwrap();
        let Command::Timeline(args) = cli.command else {
            panic!()
        };
        assert_eq!(args.by, Period::Week);
        for period in Period::ALL {
            assert_eq!(
                period.to_possible_value().unwrap().get_name(),
                period.name()
            );
        }
        assert!(Cli::try_parse_from(["newsidx", "search", "x", "--sort", "best"]).is_err());
    }

    #[test]
    fn serve_args_parse() {
        let cli = Cli::try_parse_from(["newsidx", "serve"]).unwrap();
        let Command::Serve(args) = cli.command else {
            panic!()
        };
        assert_eq!(
            (args.port, args.bind, args.threads),
            (8080, IpAddr::from([127, 0, 0, 1]), 4)
        );
        assert_eq!(args.remote.remote_index, "newsidx");
        let cli =
            Cli::try_parse_from(["newsidx", "serve", "--port", "0", "--bind", "::1"]).unwrap();
        let Command::Serve(args) = cli.command else {
            panic!()
        };
        assert_eq!((args.port, args.bind.is_loopback()), (0, true));
        assert!(Cli::try_parse_from(["newsidx", "serve", "--bind", "localhost:80"]).is_err());
        assert!(Cli::try_parse_from(["newsidx", "serve", "--port", "70000"]).is_err());
    }

    #[test]
    fn a_mistyped_flag_is_not_taken_as_the_query() {
        for args in [
            &["newsidx", "search", "--jsn"][..],
            &["newsidx", "people", "--jsonn"],
            &["newsidx", "timeline", "--by-month"],
        ] {
            assert!(Cli::try_parse_from(args).is_err(), "{args:?}");
        }
        assert!(Cli::try_parse_from(["newsidx", "search", "-rubio lavrov"]).is_ok());
        assert!(Cli::try_parse_from(["newsidx", "search", "-rubio"]).is_ok());
    }

    #[test]
    fn show_similar_formats_and_globs_parse() {
        let cli = Cli::try_parse_from(["newsidx", "show", "176", "--json"]).unwrap();
        let Command::Show(args) = cli.command else {
            panic!()
        };
        assert_eq!(
            (args.id.as_str(), args.path, args.json),
            ("176", None, true)
        );
        let cli = Cli::try_parse_from([
            "newsidx", "similar", "-7", "--path", "a.json", "-n", "3", "--format", "csv",
        ])
        .unwrap();
        let Command::Similar(args) = cli.command else {
            panic!()
        };
        assert_eq!((args.id.as_str(), args.limit), ("-7", 3));
        assert_eq!(args.output(), SearchFormat::Csv);
        let search = |extra: &[&str]| {
            let argv = ["newsidx", "search", "x"].iter().chain(extra).copied();
            match Cli::try_parse_from(argv).map(|c| c.command) {
                Ok(Command::Search(args)) => Ok(args.output()),
                Ok(other) => panic!("{other:?}"),
                Err(e) => Err(e.kind()),
            }
        };
        assert_eq!(search(&[]), Ok(SearchFormat::Text));
        assert_eq!(search(&["--json"]), Ok(SearchFormat::Json));
        assert_eq!(search(&["--format", "csv"]), Ok(SearchFormat::Csv));
        assert!(search(&["--format", "csv", "--json"]).is_err());
        assert!(search(&["--format", "xml"]).is_err());
        let cli = Cli::try_parse_from([
            "newsidx",
            "index",
            "d",
            "--exclude",
            "README.txt",
            "--exclude",
            "*.lc.txt",
            "--include",
            "*.sgm.gz",
        ])
        .unwrap();
        let Command::Index(args) = cli.command else {
            panic!()
        };
        assert_eq!(args.exclude, ["README.txt", "*.lc.txt"]);
        assert_eq!(args.include, ["*.sgm.gz"]);
        let cli = Cli::try_parse_from(["newsidx", "batch", "--format", "csv"]).unwrap();
        let Command::Batch(args) = cli.command else {
            panic!()
        };
        assert_eq!(args.format, BatchFormat::Csv);
    }

    #[test]
    fn remote_flags_parse_on_the_commands_that_search() {
        let cli = Cli::try_parse_from([
            "newsidx",
            "search",
            "oil",
            "--remote",
            "http://localhost:9200",
            "--remote-index",
            "news",
        ])
        .unwrap();
        let Command::Search(args) = cli.command else {
            panic!()
        };
        assert_eq!(args.remote.remote.as_deref(), Some("http://localhost:9200"));
        assert_eq!(args.remote.remote_index, "news");
        for command in [
            &["people"][..],
            &["topics"],
            &["timeline", "oil"],
            &["batch"],
            &["show", "1"],
            &["similar", "1"],
            &["serve"],
            &["stats"],
        ] {
            let argv = ["newsidx"]
                .iter()
                .chain(command)
                .chain(&["--remote", "http://h:1"]);
            let cli = Cli::try_parse_from(argv).unwrap();
            let remote = match cli.command {
                Command::People(a) | Command::Topics(a) => a.remote,
                Command::Timeline(a) => a.remote,
                Command::Batch(a) => a.remote,
                Command::Show(a) => a.remote,
                Command::Similar(a) => a.remote,
                Command::Serve(a) => a.remote,
                Command::Stats(a) => a.remote,
                other => panic!("{other:?}"),
            };
            assert_eq!(remote.remote.as_deref(), Some("http://h:1"));
            // The index push fills by default.
            assert_eq!(remote.remote_index, crate::remote::search::DEFAULT_INDEX);
        }
        let cli = Cli::try_parse_from([
            "newsidx",
            "search",
            "oil",
            "--remote",
            "http://h:1",
            "--password",
            "s3cret",
        ])
        .unwrap();
        assert!(!format!("{cli:?}").contains("s3cret"));
        assert!(Cli::try_parse_from(["newsidx", "index", "--remote", "http://h:1"]).is_err());
        let cli = Cli::try_parse_from(["newsidx", "push", "http://h:1", "d"]).unwrap();
        let Command::Push(args) = cli.command else {
            panic!()
        };
        assert_eq!(
            args.source.index_name,
            crate::remote::search::DEFAULT_INDEX,
            "--remote searches where push writes"
        );
    }

    #[test]
    fn index_needs_a_path() {
        assert!(Cli::try_parse_from(["newsidx", "index"]).is_err());
        assert!(Cli::try_parse_from(["newsidx", "index", "d", "--threads", "0"]).is_err());
    }
}
