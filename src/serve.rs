//! `gongkai serve`: builds the site, serves the output folder on the loopback interface and
//! rebuilds when `site.toml`, `content/`, `templates/` or `static/` change; open pages reload.
//!
//! Crates: `tiny_http` (a small, synchronous HTTP server: no async runtime for a preview) and
//! `notify` (the operating system's file events: inotify, FSEvents, ReadDirectoryChanges).
//!
//! - Only files inside the output folder are served: a path with `..`, a backslash or a NUL is
//!   refused (403), and so is one that leaves the folder through a link.
//! - The reload script is added to HTML responses as they are sent; the files on disk are the
//!   built site, byte for byte.
//! - A rebuild runs on its own thread while the last good site goes on being served (the build
//!   swaps its output in only when it succeeded). Its errors — a document left out, a broken
//!   template — are printed and shown over every open page until fixed.

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::Watcher;

use crate::build;
use crate::config::Config;
use crate::site::urls::percent_decode;

/// Where the reload script asks for the site's state.
pub const STATUS_PATH: &str = "/__gongkai/status";

/// The script added to every HTML page served: polls the status, reloads on a new build, and
/// shows the build's errors over the page.
const RELOAD_SCRIPT: &str = r#"<script>(function(){var seen=null,box=null;function show(errors){if(!errors.length){if(box){box.remove();box=null;}return;}if(!box){box=document.createElement("pre");box.id="gongkai-serve-errors";box.setAttribute("role","alert");box.style.cssText="position:fixed;left:0;right:0;bottom:0;max-height:40vh;overflow:auto;margin:0;padding:1em;background:#fff3f3;color:#900;border-top:3px solid #c00;z-index:99999;white-space:pre-wrap;font:14px/1.4 monospace";document.body.appendChild(box);}box.textContent="gongkai serve:\n"+errors.join("\n");}function poll(){fetch("/__gongkai/status",{cache:"no-store"}).then(function(r){return r.json();}).then(function(s){if(seen!==null&&s.version!==seen){location.reload();return;}seen=s.version;show(s.errors);}).catch(function(){}).then(function(){setTimeout(poll,1000);});}poll();})();</script>"#;

/// What `serve` is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// `site.toml` (`None`: `./site.toml`, or the defaults when it is missing).
    pub config: Option<PathBuf>,
    pub base_url: Option<String>,
    /// Output folder (default: `output` of site.toml).
    pub output: Option<PathBuf>,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("cannot listen on 127.0.0.1:{port}: {message}")]
    Listen { port: u16, message: String },
    #[error("cannot watch {path}: {message}")]
    Watch { path: String, message: String },
}

/// The state the reload script reads: a build number and the last build's errors.
#[derive(Debug, Default)]
struct Status {
    version: u64,
    errors: Vec<String>,
}

/// The project as `serve` builds it.
struct Project {
    config_path: PathBuf,
    explicit_config: bool,
    base_url: Option<String>,
    root: PathBuf,
    output: PathBuf,
}

impl Project {
    fn config(&self) -> Result<Config, crate::config::ConfigError> {
        let mut config = if !self.explicit_config && !self.config_path.exists() {
            Config::default()
        } else {
            Config::load(&self.config_path)?
        };
        if let Some(url) = &self.base_url {
            config = config.with_base_url(url)?;
        }
        Ok(config)
    }

    /// One build; what went wrong, as lines to print and show.
    fn build(&self) -> Vec<String> {
        let start = Instant::now();
        let config = match self.config() {
            Ok(c) => c,
            Err(e) => return vec![format!("error: {e}")],
        };
        match build::build(
            &self.root,
            &config,
            &self.output,
            &indicatif::ProgressBar::hidden(),
        ) {
            Ok(r) => {
                let mut lines: Vec<String> = r
                    .document_errors
                    .iter()
                    .map(|e| format!("error: {e} (left out of the site)"))
                    .collect();
                lines.extend(r.warnings.iter().map(|w| format!("warning: {w}")));
                eprintln!(
                    "built {} departments in {:.1} s",
                    r.departments,
                    start.elapsed().as_secs_f64()
                );
                lines
            }
            Err(e) => {
                let mut text = format!("error: {e}");
                let mut cause = std::error::Error::source(&e);
                while let Some(c) = cause {
                    text.push_str(&format!("\n  caused by: {c}"));
                    cause = c.source();
                }
                vec![format!("{text}\n(the last good build is still served)")]
            }
        }
    }

    /// The paths whose change means a rebuild.
    fn watched(&self, path: &Path) -> bool {
        if path.starts_with(&self.output) {
            return false;
        }
        let Ok(rest) = path.strip_prefix(&self.root) else {
            return path == self.config_path;
        };
        match rest.components().next() {
            Some(Component::Normal(first)) => {
                ["content", "templates", "static"]
                    .iter()
                    .any(|d| first == *d)
                    || path == self.config_path
            }
            _ => false,
        }
    }
}

/// Builds, serves and watches until the process is stopped. `ready` is called with the address
/// once the server listens (the command prints it).
pub fn serve(options: Options, ready: impl FnOnce(&str)) -> Result<(), ServeError> {
    let explicit_config = options.config.is_some();
    let config_path = options
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from("site.toml"));
    let root = match config_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Paths as the file events name them: from the real folder.
    let root = absolute(&root);
    let mut project = Project {
        config_path: root.join(config_path.file_name().unwrap_or_default()),
        explicit_config,
        base_url: options.base_url.clone(),
        root: root.clone(),
        output: PathBuf::new(),
    };
    let config = project.config()?;
    project.output = absolute(
        &options
            .output
            .clone()
            .unwrap_or_else(|| root.join(&config.output)),
    );
    let project = Arc::new(project);

    let status = Arc::new(Mutex::new(Status::default()));
    let errors = project.build();
    report(&errors);
    set(&status, errors);

    let server =
        tiny_http::Server::http(("127.0.0.1", options.port)).map_err(|e| ServeError::Listen {
            port: options.port,
            message: e.to_string(),
        })?;
    let address = match server.server_addr().to_ip() {
        Some(a) => format!("http://{a}/"),
        None => format!("http://127.0.0.1:{}/", options.port),
    };
    let server = Arc::new(server);
    for _ in 0..4 {
        let server = Arc::clone(&server);
        let status = Arc::clone(&status);
        let output = project.output.clone();
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                respond(request, &output, &status);
            }
        });
    }

    let (sender, events) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(sender).map_err(|e| ServeError::Watch {
        path: project.root.display().to_string(),
        message: e.to_string(),
    })?;
    let mut watching: Vec<PathBuf> = Vec::new();
    watch_all(&mut watcher, &project, &mut watching)?;
    ready(&address);

    // Changes come in bursts (an editor writes a temporary file and renames it): wait until
    // they stop for a moment, then build once.
    while let Ok(event) = events.recv() {
        if !relevant(&project, event) {
            continue;
        }
        let quiet = Duration::from_millis(200);
        while let Ok(_more) = events.recv_timeout(quiet) {}
        eprintln!("change seen; rebuilding…");
        let errors = project.build();
        report(&errors);
        set(&status, errors);
        watch_all(&mut watcher, &project, &mut watching)?;
    }
    Ok(())
}

fn relevant(project: &Project, event: notify::Result<notify::Event>) -> bool {
    match event {
        Ok(e) => {
            !matches!(e.kind, notify::EventKind::Access(_))
                && e.paths.iter().any(|p| project.watched(p))
        }
        Err(_) => true,
    }
}

/// Watches the project folder (for `site.toml` and the folders appearing) and each of
/// `content/`, `templates/` and `static/` that exists and is not watched yet.
fn watch_all(
    watcher: &mut notify::RecommendedWatcher,
    project: &Project,
    watching: &mut Vec<PathBuf>,
) -> Result<(), ServeError> {
    let mut wanted = vec![(project.root.clone(), notify::RecursiveMode::NonRecursive)];
    for dir in ["content", "templates", "static"] {
        wanted.push((project.root.join(dir), notify::RecursiveMode::Recursive));
    }
    if let Some(dir) = project.config_path.parent() {
        wanted.push((dir.to_path_buf(), notify::RecursiveMode::NonRecursive));
    }
    for (path, mode) in wanted {
        if watching.contains(&path) || !path.is_dir() {
            continue;
        }
        watcher.watch(&path, mode).map_err(|e| ServeError::Watch {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        watching.push(path);
    }
    Ok(())
}

fn report(lines: &[String]) {
    for line in lines {
        eprintln!("{line}");
    }
}

fn set(status: &Mutex<Status>, errors: Vec<String>) {
    if let Ok(mut s) = status.lock() {
        s.version += 1;
        s.errors = errors;
    }
}

/// The real path of a folder, or of a file or folder that may not exist yet (its parent's real
/// path and its name).
fn absolute(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// What a request gets.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    File(PathBuf),
    /// Outside the output folder, or not a path at all.
    Refused,
    NotFound,
}

/// The file of the output folder `root` a URL path names (`/` and folders: their `index.html`).
pub fn resolve(root: &Path, url: &str) -> Answer {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Some(decoded) = percent_decode(path) else {
        return Answer::Refused;
    };
    if decoded.contains('\\') || decoded.contains('\0') {
        return Answer::Refused;
    }
    let mut file = root.to_path_buf();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return Answer::Refused,
            p if p.contains(':') && cfg!(windows) => return Answer::Refused,
            p => file.push(p),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    if !file.is_file() {
        return Answer::NotFound;
    }
    // A link inside the output may point out of it.
    match (file.canonicalize(), root.canonicalize()) {
        (Ok(f), Ok(r)) if f.starts_with(&r) => Answer::File(f),
        (Ok(_), Ok(_)) => Answer::Refused,
        _ => Answer::NotFound,
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// An HTML page with the reload script before its end.
pub fn with_reload_script(mut html: Vec<u8>) -> Vec<u8> {
    let end = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let tail = html.split_off(end);
    html.extend_from_slice(RELOAD_SCRIPT.as_bytes());
    html.extend_from_slice(&tail);
    html
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("ASCII header names and values")
}

fn respond(request: tiny_http::Request, output: &Path, status: &Mutex<Status>) {
    let url = request.url().to_string();
    let get = matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    );
    let (code, body, kind) = if !get {
        (
            405,
            b"method not allowed\n".to_vec(),
            "text/plain; charset=utf-8",
        )
    } else if url == STATUS_PATH {
        let (version, errors) = status
            .lock()
            .map(|s| (s.version, s.errors.clone()))
            .unwrap_or_default();
        let json = serde_json::json!({ "version": version, "errors": errors });
        (200, json.to_string().into_bytes(), "application/json")
    } else {
        match resolve(output, &url) {
            Answer::File(path) => match std::fs::read(&path) {
                Ok(bytes) => {
                    let kind = content_type(&path);
                    let bytes = if kind.starts_with("text/html") {
                        with_reload_script(bytes)
                    } else {
                        bytes
                    };
                    (200, bytes, kind)
                }
                Err(_) => (404, b"not found\n".to_vec(), "text/plain; charset=utf-8"),
            },
            Answer::Refused => (
                403,
                b"refused: outside the site\n".to_vec(),
                "text/plain; charset=utf-8",
            ),
            Answer::NotFound => match std::fs::read(output.join(crate::site::urls::NOT_FOUND)) {
                Ok(page) => (404, with_reload_script(page), "text/html; charset=utf-8"),
                Err(_) => (404, b"not found\n".to_vec(), "text/plain; charset=utf-8"),
            },
        }
    };
    let response = tiny_http::Response::from_data(body)
        .with_status_code(code)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_inside_the_output_are_served() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("index.html"), "home").unwrap();
        std::fs::write(out.join("a/index.html"), "a").unwrap();
        std::fs::write(out.join("a/b c.txt"), "b").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let file = |p: &str| Answer::File(out.join(p).canonicalize().unwrap());
        assert_eq!(resolve(&out, "/"), file("index.html"));
        assert_eq!(resolve(&out, "/a/"), file("a/index.html"));
        assert_eq!(resolve(&out, "/a"), file("a/index.html"));
        assert_eq!(resolve(&out, "/a/b%20c.txt?x=1#y"), file("a/b c.txt"));
        assert_eq!(resolve(&out, "/nothing.html"), Answer::NotFound);
        for bad in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/a/..%5c..%5csecret.txt",
            "/%00",
            "/%zz",
            "/%ff",
        ] {
            assert_eq!(resolve(&out, bad), Answer::Refused, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt"))
                .unwrap();
            assert_eq!(resolve(&out, "/link.txt"), Answer::Refused);
        }
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_the_body() {
        let page = with_reload_script(b"<html><body><p>x</p></body></html>".to_vec());
        let page = String::from_utf8(page).unwrap();
        assert!(page.ends_with("</script></body></html>"), "{page}");
        assert!(page.contains(STATUS_PATH));
        // A minified page without </body>: at the end.
        let page = String::from_utf8(with_reload_script(b"<p>x".to_vec())).unwrap();
        assert!(page.starts_with("<p>x<script>"), "{page}");
    }
}
