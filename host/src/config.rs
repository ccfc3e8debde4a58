//! One typed configuration: built-in defaults < optional TOML file < `ISPCHAT_*` environment
//! variables < command-line flags. Invalid values stop start-up with one line naming the setting.

mod attachments;
mod checks;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Deserialize;

pub use ispchat_core::secret::Secret;
pub use ispchat_storage::DatabaseConfig;

use crate::attachments::AttachmentSettings;
use crate::conversations::ProtocolSettings;
use checks::{
    admin_email, admin_password, database, positive, protocol, redis_url, secret, secrets_key,
    timezone, within,
};

#[derive(Debug, Parser)]
#[command(
    name = "ispchat",
    version,
    about = "ISP Chat: customer-support chat for ISPs"
)]
pub struct Cli {
    /// Optional TOML file with the same settings as the flags below (snake_case keys).
    #[arg(long, global = true, env = "ISPCHAT_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server.
    Serve(Box<ServeArgs>),
    /// Print the GraphQL schema (SDL) that `schema.graphql` must match.
    Schema,
    /// Work with plugin builds.
    #[command(subcommand)]
    Plugin(PluginCommand),
}

#[derive(Debug, Subcommand)]
pub enum PluginCommand {
    /// Check a built plugin before installing it: the manifest, the component's sha256, the
    /// contract version and the worlds the component implements. Exits 1 naming each problem.
    Check {
        /// A build's dist/ folder, its plugin.toml, or a bare component (.wasm).
        path: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Pretty,
    Json,
}

#[derive(Debug, Default, Args, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeArgs {
    /// Address and port to listen on [default: 0.0.0.0:8080]
    #[arg(long, env = "ISPCHAT_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// Directory for the embedded database, generated secrets and attachments [default: ./data]
    #[arg(long, env = "ISPCHAT_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// `postgres://…` for PostgreSQL; `sqlite://…` or unset for the embedded database.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Largest number of pooled database connections [default: 16 PostgreSQL, 8 SQLite]
    #[arg(long, env = "ISPCHAT_DB_MAX_CONNECTIONS")]
    pub db_max_connections: Option<u32>,
    /// `redis://…`: optional, for multi-node fan-out.
    #[arg(long, env = "REDIS_URL", hide_env_values = true)]
    pub redis_url: Option<String>,
    /// Secret that signs access tokens (32+ bytes). Generated and kept in the data dir when unset;
    /// set it (the same on every node) when running more than one node.
    #[arg(long, env = "ISPCHAT_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// Password for the first admin (12+ characters). Random and printed once when unset.
    #[arg(long, env = "ISPCHAT_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,
    /// E-mail of the first admin [default: admin@ispchat.local]
    #[arg(long, env = "ISPCHAT_ADMIN_EMAIL")]
    pub admin_email: Option<String>,
    /// Lifetime of access tokens, e.g. `15m` [default: 15m]
    #[arg(long, env = "ISPCHAT_ACCESS_TOKEN_TTL", value_parser = humantime::parse_duration)]
    #[serde(default, with = "humantime_serde_opt")]
    pub access_token_ttl: Option<Duration>,
    /// Lifetime of refresh tokens, e.g. `30d` [default: 30d]
    #[arg(long, env = "ISPCHAT_REFRESH_TOKEN_TTL", value_parser = humantime::parse_duration)]
    #[serde(default, with = "humantime_serde_opt")]
    pub refresh_token_ttl: Option<Duration>,
    /// Login attempts allowed per account from one client address per minute [default: 10]
    #[arg(long, env = "ISPCHAT_LOGIN_ATTEMPTS_PER_ACCOUNT")]
    pub login_attempts_per_account: Option<u32>,
    /// Login attempts allowed per account per hour from addresses it has not signed in from
    /// [default: 100]
    #[arg(long, env = "ISPCHAT_LOGIN_ATTEMPTS_PER_ACCOUNT_PER_HOUR")]
    pub login_attempts_per_account_per_hour: Option<u32>,
    /// Login attempts allowed per client IP (IPv6: per /64) per minute [default: 30]
    #[arg(long, env = "ISPCHAT_LOGIN_ATTEMPTS_PER_IP")]
    pub login_attempts_per_ip: Option<u32>,
    /// API requests per caller (user, API key, visitor, or the address of an anonymous client)
    /// per minute, all usable at once [default: 600]
    #[arg(long, env = "ISPCHAT_REQUESTS_PER_MINUTE")]
    pub requests_per_minute: Option<u32>,
    /// Open connections per client address (IPv6: per /64); 0 for no cap. Not applied with
    /// ISPCHAT_TRUST_FORWARDED_FOR, where the proxy limits [default: 256]
    #[arg(long, env = "ISPCHAT_MAX_CONNECTIONS_PER_ADDRESS")]
    pub max_connections_per_address: Option<u32>,
    /// How long a client has to send a request's headers, and how long an idle kept-alive
    /// connection stays open, e.g. `20s` [default: 20s]
    #[arg(long, env = "ISPCHAT_HEADER_READ_TIMEOUT", value_parser = humantime::parse_duration)]
    #[serde(default, with = "humantime_serde_opt")]
    pub header_read_timeout: Option<Duration>,
    /// Bearer token `/metrics` requires; unset, `/metrics` is open on the main address unless
    /// ISPCHAT_METRICS_LISTEN moves it
    #[arg(long, env = "ISPCHAT_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Serve `/metrics` on this address only (e.g. `127.0.0.1:9090`) instead of the main one
    #[arg(long, env = "ISPCHAT_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// Score from which a classifier plugin's label is added to the conversation, 0 to 1
    /// [default: 0.6]
    #[arg(long, env = "ISPCHAT_LABEL_THRESHOLD")]
    pub label_threshold: Option<f32>,
    /// Take the client IP from `X-Forwarded-For` (only behind a trusted reverse proxy).
    #[arg(long, env = "ISPCHAT_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: Option<bool>,
    /// Origins allowed to call the API from a browser, comma separated (`*` for any).
    #[arg(long, env = "ISPCHAT_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Option<Vec<String>>,
    /// The server's public address, e.g. `https://chat.example.com.br`: the web chat widget's
    /// embed snippet points there, and channel providers fetch the files agents send from signed
    /// links under it [default: none: the snippet uses the admin's request's address, and files
    /// cannot be sent through channel plugins]
    #[arg(long, env = "ISPCHAT_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Lifetime of web chat visitors' tokens, e.g. `30d` [default: 30d]
    #[arg(long, env = "ISPCHAT_VISITOR_TOKEN_TTL", value_parser = humantime::parse_duration)]
    #[serde(default, with = "humantime_serde_opt")]
    pub visitor_token_ttl: Option<Duration>,
    /// Web chat visitor sessions a client IP may start per minute [default: 10]
    #[arg(long, env = "ISPCHAT_VISITOR_SESSIONS_PER_IP")]
    pub visitor_sessions_per_ip: Option<u32>,
    /// Log format [default: pretty]
    #[arg(long, env = "ISPCHAT_LOG_FORMAT")]
    pub log_format: Option<LogFormat>,
    /// Format of conversation protocol numbers: `{yyyy}` `{yy}` `{mm}` `{dd}`, literal text and one
    /// `{seq:N}`; the sequence restarts when the rest changes [default: {yyyy}{mm}{dd}{seq:6}]
    #[arg(long, env = "ISPCHAT_PROTOCOL_FORMAT")]
    pub protocol_format: Option<String>,
    /// UTC offset of the protocol number's date [default: -03:00, Brasília]
    #[arg(long, env = "ISPCHAT_PROTOCOL_UTC_OFFSET", allow_hyphen_values = true)]
    pub protocol_utc_offset: Option<String>,
    /// IANA time zone of the ISP: "today" in the supervisor dashboard is this zone's calendar day
    /// [default: America/Sao_Paulo]
    #[arg(long, env = "ISPCHAT_TIMEZONE")]
    pub timezone: Option<String>,
    /// How long a staff member not seen (no request, no open console WebSocket) keeps their
    /// presence before counting as offline, e.g. `90s` [default: 90s]
    #[arg(long, env = "ISPCHAT_PRESENCE_TIMEOUT", value_parser = humantime::parse_duration)]
    #[serde(default, with = "humantime_serde_opt")]
    pub presence_timeout: Option<Duration>,
    /// Largest attachment, e.g. `16MiB` or `512KiB` (K, M and G count in 1024s) [default: 16MiB]
    #[arg(long, env = "ISPCHAT_MAX_ATTACHMENT_SIZE", value_parser = attachments::parse_byte_size)]
    #[serde(default, with = "attachments::byte_size_opt")]
    pub max_attachment_size: Option<u64>,
    /// How long the raw body of an acknowledged channel webhook is kept, e.g. `7d` [default: 7d]
    #[arg(long, env = "ISPCHAT_WEBHOOK_PAYLOAD_RETENTION", value_parser = humantime::parse_duration)]
    #[serde(default, with = "humantime_serde_opt")]
    pub webhook_payload_retention: Option<Duration>,
    /// MIME types accepted as attachments, comma separated; each must be recognisable from a
    /// file's first bytes [default: image/jpeg,image/png,image/webp,image/gif,application/pdf,
    /// audio/ogg,audio/mpeg,audio/mp4,audio/aac,video/mp4,text/plain]
    #[arg(long, env = "ISPCHAT_ATTACHMENT_TYPES", value_delimiter = ',')]
    pub attachment_types: Option<Vec<String>>,
    /// First-party plugins loaded at start-up: each `<dir>/*/dist/` (built by
    /// `plugins/build-all.sh`), `testing/` skipped [default: ./plugins]
    #[arg(long, env = "ISPCHAT_PLUGINS_DIR")]
    pub plugins_dir: Option<PathBuf>,
    /// Key that encrypts plugin secrets at rest, 32 bytes in base64; every node of a cluster needs
    /// the same [default: generated once into DATA_DIR/secrets.key]
    #[arg(long, env = "ISPCHAT_SECRETS_KEY", hide_env_values = true)]
    pub secrets_key: Option<String>,
    /// Private hosts plugins may reach, comma separated `host[:port]` patterns (`erp.lan:8080`,
    /// `10.0.0.5`, `*.isp.lan`); a plugin must also declare the host [default: none]
    #[arg(
        long,
        env = "ISPCHAT_PLUGINS_ALLOW_PRIVATE_HOSTS",
        value_delimiter = ','
    )]
    pub plugins_allow_private_hosts: Option<Vec<String>>,
    /// How long one plugin call may run, e.g. `1s` (time spent running, not waiting for a
    /// core or for its HTTP requests: those end within it, and the whole call within three
    /// times it) [default: 1s]
    #[arg(long, env = "ISPCHAT_PLUGIN_CALL_DEADLINE", value_parser = humantime::parse_duration)]
    #[serde(default, with = "humantime_serde_opt")]
    pub plugin_call_deadline: Option<Duration>,
    /// Calls of one plugin that run at once; more wait their turn [default: 4]
    #[arg(long, env = "ISPCHAT_PLUGIN_CONCURRENT_CALLS")]
    pub plugin_concurrent_calls: Option<u32>,
}

/// `Option<Duration>` in TOML as a humantime string (`"15m"`).
mod humantime_serde_opt {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        text.map(|t| humantime::parse_duration(&t).map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub database: DatabaseConfig,
    pub db_max_connections: u32,
    pub redis_url: Option<Secret>,
    pub jwt_secret: Option<Secret>,
    pub admin_password: Option<Secret>,
    pub admin_email: String,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    pub login_attempts_per_account: u32,
    pub login_attempts_per_account_per_hour: u32,
    pub login_attempts_per_ip: u32,
    pub requests_per_minute: u32,
    /// None: no cap.
    pub max_connections_per_address: Option<u32>,
    pub header_read_timeout: Duration,
    /// How long a WebSocket may stay open without `connection_init` (not a user setting).
    pub websocket_init_timeout: Duration,
    pub metrics_token: Option<Secret>,
    pub metrics_listen: Option<SocketAddr>,
    pub trust_forwarded_for: bool,
    pub cors_origins: Vec<String>,
    /// The server's public base URL, without a trailing slash: the widget snippet and the links
    /// providers fetch.
    pub public_url: Option<String>,
    pub visitor_token_ttl: Duration,
    pub visitor_sessions_per_ip: u32,
    pub log_format: LogFormat,
    pub protocol: ProtocolSettings,
    /// The ISP's time zone: the calendar day of the dashboard's "today".
    pub timezone: Tz,
    /// Not seen for this long, a staff member counts as offline.
    pub presence_timeout: Duration,
    /// How often background jobs look for due work: snoozes to wake, webhooks to retry (not a
    /// user setting: tests shorten it).
    pub background_interval: Duration,
    /// How long a live subscription trusts the caller's access before re-reading it (not a user
    /// setting).
    pub access_recheck_interval: Duration,
    pub attachments: AttachmentSettings,
    /// Bundled first-party plugins; None loads none.
    pub plugins_dir: Option<PathBuf>,
    pub secrets_key: Option<Secret>,
    /// Parent of the compiled-plugin cache `plugin-cache/`; the data dir when None (not a user
    /// setting: tests share one cache).
    pub plugin_cache_dir: Option<PathBuf>,
    /// `host[:port]` patterns whose private addresses plugins may reach (when they declare them).
    pub plugins_allow_private_hosts: Vec<String>,
    pub plugin_call_deadline: Duration,
    pub plugin_concurrent_calls: u32,
    /// How long `channel_inbound` keeps an applied webhook delivery and its raw body.
    pub webhook_payload_retention: Duration,
    /// Channel (and other) plugins loaded at start from their `dist` folders, with what the
    /// operator configured for each (not a user setting: tests and development use it until
    /// plugins are installed through the admin API).
    pub preload_plugins: Vec<(PathBuf, crate::plugins::OperatorConfig)>,
    /// A classifier's label is added to the conversation from this score on.
    pub label_threshold: f32,
    /// Whether this process runs the plugin pipeline's jobs (not a user setting: tests turn it
    /// off to leave jobs for a restart).
    pub plugin_worker: bool,
}

/// A setting that cannot be used, named as the operator would type it.
#[derive(Debug, thiserror::Error)]
#[error("invalid setting {setting}: {reason}")]
pub struct ConfigError {
    pub setting: &'static str,
    pub reason: String,
}

fn bad(setting: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError {
        setting,
        reason: reason.into(),
    }
}

impl Config {
    /// Layers the command line/environment over the TOML file (if any) over the defaults.
    pub fn load(args: ServeArgs, file: Option<&Path>) -> Result<Config, ConfigError> {
        let file_args = match file {
            Some(path) => read_file(path)?,
            None => ServeArgs::default(),
        };
        Config::from_layers(args, file_args)
    }

    fn from_layers(top: ServeArgs, file: ServeArgs) -> Result<Config, ConfigError> {
        let s = top.over(file);
        let data_dir = absolute(
            s.data_dir.unwrap_or_else(|| PathBuf::from("./data")),
            "ISPCHAT_DATA_DIR",
        )?;
        let database = database(s.database_url, &data_dir)?;
        let default_pool = match database {
            DatabaseConfig::Sqlite { .. } => 8,
            DatabaseConfig::Postgres { .. } => 16,
        };
        let access_token_ttl = within(
            s.access_token_ttl,
            Duration::from_secs(15 * 60),
            Duration::from_secs(10)..=Duration::from_secs(86_400),
            "ISPCHAT_ACCESS_TOKEN_TTL",
            "must be between 10s and 24h",
        )?;
        let refresh_token_ttl = s
            .refresh_token_ttl
            .unwrap_or(Duration::from_secs(30 * 86_400));
        if refresh_token_ttl <= access_token_ttl {
            return Err(bad(
                "ISPCHAT_REFRESH_TOKEN_TTL",
                "must be longer than the access token lifetime",
            ));
        }
        Ok(Config {
            listen: s
                .listen
                .unwrap_or_else(|| SocketAddr::from(([0, 0, 0, 0], 8080))),
            database,
            db_max_connections: positive(
                s.db_max_connections,
                "ISPCHAT_DB_MAX_CONNECTIONS",
                default_pool,
            )?,
            redis_url: redis_url(s.redis_url)?,
            jwt_secret: secret(
                s.jwt_secret,
                32,
                "ISPCHAT_JWT_SECRET",
                "must be at least 32 bytes long",
            )?,
            admin_password: admin_password(s.admin_password)?,
            admin_email: admin_email(s.admin_email)?,
            access_token_ttl,
            refresh_token_ttl,
            login_attempts_per_account: positive(
                s.login_attempts_per_account,
                "ISPCHAT_LOGIN_ATTEMPTS_PER_ACCOUNT",
                10,
            )?,
            login_attempts_per_account_per_hour: positive(
                s.login_attempts_per_account_per_hour,
                "ISPCHAT_LOGIN_ATTEMPTS_PER_ACCOUNT_PER_HOUR",
                100,
            )?,
            login_attempts_per_ip: positive(
                s.login_attempts_per_ip,
                "ISPCHAT_LOGIN_ATTEMPTS_PER_IP",
                30,
            )?,
            requests_per_minute: positive(
                s.requests_per_minute,
                "ISPCHAT_REQUESTS_PER_MINUTE",
                600,
            )?,
            // 0 turns the cap off.
            max_connections_per_address: match s.max_connections_per_address {
                None => Some(256),
                Some(0) => None,
                Some(n) => Some(n),
            },
            header_read_timeout: within(
                s.header_read_timeout,
                Duration::from_secs(20),
                Duration::from_secs(1)..=Duration::from_secs(600),
                "ISPCHAT_HEADER_READ_TIMEOUT",
                "must be between 1s and 10m",
            )?,
            websocket_init_timeout: Duration::from_secs(10),
            metrics_token: secret(
                s.metrics_token,
                16,
                "ISPCHAT_METRICS_TOKEN",
                "must be at least 16 bytes long",
            )?,
            metrics_listen: s.metrics_listen,
            label_threshold: match s.label_threshold {
                None => 0.6,
                Some(t) if (0.0..=1.0).contains(&t) => t,
                Some(_) => return Err(bad("ISPCHAT_LABEL_THRESHOLD", "must be between 0 and 1")),
            },
            trust_forwarded_for: s.trust_forwarded_for.unwrap_or(false),
            cors_origins: s.cors_origins.unwrap_or_default(),
            log_format: s.log_format.unwrap_or_default(),
            public_url: s
                .public_url
                .filter(|url| !url.trim().is_empty())
                .map(|url| public_url(&url))
                .transpose()?,
            visitor_token_ttl: within(
                s.visitor_token_ttl,
                Duration::from_secs(30 * 86_400),
                Duration::from_secs(3600)..=Duration::MAX,
                "ISPCHAT_VISITOR_TOKEN_TTL",
                "must be at least 1h",
            )?,
            visitor_sessions_per_ip: positive(
                s.visitor_sessions_per_ip,
                "ISPCHAT_VISITOR_SESSIONS_PER_IP",
                10,
            )?,
            protocol: protocol(s.protocol_format, s.protocol_utc_offset)?,
            timezone: timezone(s.timezone)?,
            presence_timeout: within(
                s.presence_timeout,
                Duration::from_secs(90),
                Duration::from_secs(15)..=Duration::from_secs(3600),
                "ISPCHAT_PRESENCE_TIMEOUT",
                "must be between 15s and 1h",
            )?,
            attachments: attachments::settings(s.max_attachment_size, s.attachment_types)?,
            webhook_payload_retention: within(
                s.webhook_payload_retention,
                Duration::from_secs(7 * 86_400),
                Duration::from_secs(3600)..=Duration::MAX,
                "ISPCHAT_WEBHOOK_PAYLOAD_RETENTION",
                "must be at least 1h",
            )?,
            plugins_dir: Some(absolute(
                s.plugins_dir.unwrap_or_else(|| PathBuf::from("./plugins")),
                "ISPCHAT_PLUGINS_DIR",
            )?),
            secrets_key: secrets_key(s.secrets_key)?,
            plugin_cache_dir: None,
            plugins_allow_private_hosts: private_hosts(
                s.plugins_allow_private_hosts.unwrap_or_default(),
            )?,
            plugin_call_deadline: within(
                s.plugin_call_deadline,
                Duration::from_secs(1),
                Duration::from_millis(100)..=Duration::from_secs(30),
                "ISPCHAT_PLUGIN_CALL_DEADLINE",
                "must be between 100ms and 30s",
            )?,
            plugin_concurrent_calls: positive(
                s.plugin_concurrent_calls,
                "ISPCHAT_PLUGIN_CONCURRENT_CALLS",
                4,
            )?,
            preload_plugins: Vec::new(),
            background_interval: Duration::from_secs(10),
            access_recheck_interval: Duration::from_secs(30),
            plugin_worker: true,
            data_dir,
        })
    }
}

/// Every setting given on the command line or in the environment over the file's; the struct
/// literal names every field, so a new setting cannot be left out of the layering.
macro_rules! layered {
    ($top:ident over $file:ident: $($field:ident),* $(,)?) => {
        ServeArgs { $($field: $top.$field.or($file.$field)),* }
    };
}

impl ServeArgs {
    fn over(self, file: ServeArgs) -> ServeArgs {
        let top = self;
        layered!(top over file:
            listen, data_dir, database_url, db_max_connections, redis_url, jwt_secret,
            admin_password, admin_email, access_token_ttl, refresh_token_ttl,
            login_attempts_per_account, login_attempts_per_account_per_hour, login_attempts_per_ip,
            requests_per_minute, max_connections_per_address, header_read_timeout, metrics_token,
            metrics_listen, label_threshold, trust_forwarded_for, cors_origins, public_url,
            visitor_token_ttl, visitor_sessions_per_ip, log_format, protocol_format,
            protocol_utc_offset, timezone, presence_timeout, max_attachment_size,
            webhook_payload_retention, attachment_types, plugins_dir, secrets_key,
            plugins_allow_private_hosts, plugin_call_deadline, plugin_concurrent_calls,
        )
    }
}

impl Config {
    /// The plugin runtime's limits: the documented defaults plus the operator's private hosts.
    pub fn plugin_limits(&self) -> crate::plugins::RuntimeLimits {
        crate::plugins::RuntimeLimits {
            allow_private_hosts: self.plugins_allow_private_hosts.clone(),
            call_deadline: self.plugin_call_deadline,
            max_concurrent_calls: self.plugin_concurrent_calls as usize,
            ..crate::plugins::RuntimeLimits::default()
        }
    }
}

/// A path setting made absolute against the working directory at start, once: parts of the
/// server refuse relative paths (wasmtime's artifact cache), and a path that meant one folder at
/// start must not mean another if anything later changes the working directory.
fn absolute(path: PathBuf, setting: &'static str) -> Result<PathBuf, ConfigError> {
    if path.as_os_str().is_empty() {
        return Err(bad(setting, "must not be empty"));
    }
    let joined = std::path::absolute(&path)
        .map_err(|e| bad(setting, format!("cannot resolve {}: {e}", path.display())))?;
    // `absolute` keeps `.` and `..` as written; drop the `.` components so logs read cleanly.
    Ok(joined
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect())
}

/// An absolute `http(s)` URL without query or fragment, kept without its trailing slash.
fn public_url(text: &str) -> Result<String, ConfigError> {
    let setting = "ISPCHAT_PUBLIC_URL";
    let text = text.trim().trim_end_matches('/');
    let url = reqwest::Url::parse(text).map_err(|_| {
        bad(
            setting,
            "must be an absolute URL such as https://chat.isp.example",
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(bad(setting, "must be an http:// or https:// URL"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad(setting, "must not have a query or fragment"));
    }
    Ok(text.to_owned())
}

/// Patterns as a manifest writes hosts: a name or address, `*.` for subdomains, `:port` for a
/// port other than the scheme's; no scheme, path or catch-all.
fn private_hosts(patterns: Vec<String>) -> Result<Vec<String>, ConfigError> {
    let setting = "ISPCHAT_PLUGINS_ALLOW_PRIVATE_HOSTS";
    let mut out = Vec::with_capacity(patterns.len());
    for pattern in patterns {
        let pattern = pattern.trim().to_ascii_lowercase();
        if pattern.is_empty() {
            continue;
        }
        let host = match pattern.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(':') && !port.ends_with(']') => {
                port.parse::<u16>()
                    .map_err(|_| bad(setting, format!("{pattern}: the port must be a number")))?;
                host
            }
            _ => pattern.as_str(),
        };
        let bare = host.strip_prefix("*.").unwrap_or(host);
        let valid = !bare.is_empty()
            && !bare.contains('*')
            && !bare.contains('/')
            && !bare.contains('@')
            && bare.contains(|c: char| c.is_ascii_alphanumeric());
        if !valid {
            return Err(bad(
                setting,
                format!("{pattern}: expected host[:port] such as erp.lan:8080 or 10.0.0.5"),
            ));
        }
        out.push(pattern);
    }
    Ok(out)
}

fn read_file(path: &Path) -> Result<ServeArgs, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        bad(
            "ISPCHAT_CONFIG",
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    toml::from_str(&text).map_err(|e| {
        bad(
            "ISPCHAT_CONFIG",
            format!("{}: {}", path.display(), e.message()),
        )
    })
}

fn parse_database_url(url: &str) -> Result<DatabaseConfig, ConfigError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(DatabaseConfig::Postgres {
            url: Secret::new(url),
        })
    } else if let Some(rest) = url
        .strip_prefix("sqlite://")
        .or(url.strip_prefix("sqlite:"))
    {
        let path = rest.split('?').next().unwrap_or_default();
        if path.is_empty() {
            return Err(bad("DATABASE_URL", "sqlite URL has no file path"));
        }
        Ok(DatabaseConfig::Sqlite {
            path: PathBuf::from(path),
        })
    } else {
        Err(bad(
            "DATABASE_URL",
            "must start with postgres://, postgresql:// or sqlite://",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(f: impl FnOnce(&mut ServeArgs)) -> ServeArgs {
        let mut a = ServeArgs::default();
        f(&mut a);
        a
    }

    #[test]
    fn defaults_use_embedded_sqlite_under_data() {
        let config = Config::from_layers(ServeArgs::default(), ServeArgs::default()).unwrap();
        assert_eq!(config.listen.port(), 8080);
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(config.data_dir, cwd.join("data"));
        assert!(matches!(
            config.database,
            DatabaseConfig::Sqlite { ref path } if *path == cwd.join("data/ispchat.db")
        ));
        assert_eq!(config.plugins_dir, Some(cwd.join("plugins")));
        assert_eq!(config.access_token_ttl, Duration::from_secs(900));
    }

    #[test]
    fn webhook_payloads_are_kept_a_week_unless_configured() {
        let config = Config::from_layers(ServeArgs::default(), ServeArgs::default()).unwrap();
        assert_eq!(
            config.webhook_payload_retention,
            Duration::from_secs(7 * 86_400)
        );
        let file = args(|a| a.webhook_payload_retention = Some(Duration::from_secs(2 * 86_400)));
        let config = Config::from_layers(ServeArgs::default(), file).unwrap();
        assert_eq!(
            config.webhook_payload_retention,
            Duration::from_secs(2 * 86_400)
        );
        let short = args(|a| a.webhook_payload_retention = Some(Duration::from_secs(60)));
        let err = Config::from_layers(short, ServeArgs::default()).err();
        assert!(err.is_some_and(|e| e.setting == "ISPCHAT_WEBHOOK_PAYLOAD_RETENTION"));
    }

    #[test]
    fn the_time_zone_is_sao_paulo_unless_configured() {
        let config = Config::from_layers(ServeArgs::default(), ServeArgs::default()).unwrap();
        assert_eq!(config.timezone, Tz::America__Sao_Paulo);
        assert_eq!(config.presence_timeout, Duration::from_secs(90));
        let manaus = args(|a| a.timezone = Some("America/Manaus".into()));
        let config = Config::from_layers(manaus, ServeArgs::default()).unwrap();
        assert_eq!(config.timezone, Tz::America__Manaus);
        for (bad, setting) in [
            (
                args(|a| a.timezone = Some("Brasilia".into())),
                "ISPCHAT_TIMEZONE",
            ),
            (
                args(|a| a.presence_timeout = Some(Duration::from_secs(5))),
                "ISPCHAT_PRESENCE_TIMEOUT",
            ),
        ] {
            let err = Config::from_layers(bad, ServeArgs::default()).err();
            assert!(err.is_some_and(|e| e.setting == setting), "{setting}");
        }
    }

    #[test]
    fn relative_paths_are_resolved_against_the_working_directory() {
        let cwd = std::env::current_dir().unwrap();
        let top = args(|a| {
            a.data_dir = Some("./state/../var".into());
            a.database_url = Some("sqlite://db/chat.db?mode=rwc".into());
            a.plugins_dir = Some("extra".into());
        });
        let config = Config::from_layers(top, ServeArgs::default()).unwrap();
        assert!(config.data_dir.is_absolute());
        assert_eq!(config.data_dir, cwd.join("state/../var"));
        assert!(matches!(
            config.database,
            DatabaseConfig::Sqlite { ref path } if *path == cwd.join("db/chat.db")
        ));
        assert_eq!(config.plugins_dir, Some(cwd.join("extra")));
        let empty = args(|a| a.data_dir = Some(PathBuf::new()));
        let err = Config::from_layers(empty, ServeArgs::default()).err();
        assert!(err.is_some_and(|e| e.setting == "ISPCHAT_DATA_DIR"));
    }

    #[test]
    fn command_line_overrides_file() {
        let file = args(|a| {
            a.listen = Some(SocketAddr::from(([127, 0, 0, 1], 9000)));
            a.data_dir = Some("/from-file".into());
        });
        let top = args(|a| a.listen = Some(SocketAddr::from(([127, 0, 0, 1], 9001))));
        let config = Config::from_layers(top, file).unwrap();
        assert_eq!(config.listen.port(), 9001);
        assert_eq!(config.data_dir, PathBuf::from("/from-file"));
    }

    #[test]
    fn bad_values_name_the_setting() {
        let cases = [
            (
                args(|a| a.public_url = Some("chat.isp.example".into())),
                "ISPCHAT_PUBLIC_URL",
            ),
            (
                args(|a| a.public_url = Some("https://chat.isp.example/?a=1".into())),
                "ISPCHAT_PUBLIC_URL",
            ),
            (
                args(|a| a.database_url = Some("mysql://x".into())),
                "DATABASE_URL",
            ),
            (
                args(|a| a.jwt_secret = Some("short".into())),
                "ISPCHAT_JWT_SECRET",
            ),
            (
                args(|a| a.admin_password = Some("short".into())),
                "ISPCHAT_ADMIN_PASSWORD",
            ),
            (args(|a| a.redis_url = Some("http://x".into())), "REDIS_URL"),
            (
                args(|a| a.login_attempts_per_ip = Some(0)),
                "ISPCHAT_LOGIN_ATTEMPTS_PER_IP",
            ),
            (
                args(|a| a.plugins_allow_private_hosts = Some(vec!["http://erp.lan/".into()])),
                "ISPCHAT_PLUGINS_ALLOW_PRIVATE_HOSTS",
            ),
            (
                args(|a| a.plugins_allow_private_hosts = Some(vec!["*".into()])),
                "ISPCHAT_PLUGINS_ALLOW_PRIVATE_HOSTS",
            ),
            (
                args(|a| a.plugins_allow_private_hosts = Some(vec!["erp.lan:http".into()])),
                "ISPCHAT_PLUGINS_ALLOW_PRIVATE_HOSTS",
            ),
            (
                args(|a| a.label_threshold = Some(1.5)),
                "ISPCHAT_LABEL_THRESHOLD",
            ),
        ];
        for (input, setting) in cases {
            let err = Config::from_layers(input, ServeArgs::default())
                .err()
                .unwrap_or_else(|| panic!("{setting} should be rejected"));
            assert_eq!(err.setting, setting);
            assert!(
                err.to_string()
                    .starts_with(&format!("invalid setting {setting}"))
            );
        }
    }

    #[test]
    fn private_hosts_reach_the_plugin_limits() {
        let top = args(|a| {
            a.plugins_allow_private_hosts = Some(vec![
                "ERP.lan:8080".into(),
                " 10.0.0.5".into(),
                "[fd00::1]".into(),
            ]);
        });
        let config = Config::from_layers(top, ServeArgs::default()).unwrap();
        assert_eq!(
            config.plugin_limits().allow_private_hosts,
            ["erp.lan:8080", "10.0.0.5", "[fd00::1]"]
        );
        let none = Config::from_layers(ServeArgs::default(), ServeArgs::default()).unwrap();
        assert!(none.plugin_limits().allow_private_hosts.is_empty());
    }

    #[test]
    fn toml_file_is_read() {
        let dir = std::env::temp_dir().join(format!("ispchat-config-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("ispchat.toml");
        std::fs::write(
            &path,
            "listen = \"127.0.0.1:7000\"\naccess_token_ttl = \"5m\"\n",
        )
        .unwrap();
        let config = Config::load(ServeArgs::default(), Some(&path)).unwrap();
        assert_eq!(config.listen.port(), 7000);
        assert_eq!(config.access_token_ttl, Duration::from_secs(300));
        std::fs::write(&path, "lisen = 1\n").unwrap();
        let err = Config::load(ServeArgs::default(), Some(&path)).err();
        assert!(err.is_some_and(|e| e.to_string().contains("unknown field `lisen`")));
        let _ = std::fs::remove_dir_all(dir);
    }
}
