//! A portal team's first hour, with the real `gongkai` binary: `init` into an empty folder,
//! `build`, `serve` on a free port, a page fetched over HTTP, a document changed and the served
//! page changing with it, a broken document's error shown, and requests for paths outside the
//! output refused. Then `check --site` on the built site and `parse` giving the site's data.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn gongkai() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `serve` process, stopped when dropped.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One raw HTTP/1.1 GET of `target` (sent as written, not normalised): status and body.
fn get(port: u16, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Waits (up to two minutes: the machine may be busy) until `check` holds for what `target`
/// serves.
fn eventually(port: u16, target: &str, what: &str, check: impl Fn(u16, &str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (status, body) = get(port, target);
        if check(status, &body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "{target}: never {what} (last: {status})"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn copy_document(root: &Path) -> PathBuf {
    let doc = root.join("content/budgets/weihui-2024.txt");
    std::fs::copy(repo().join("content/budgets/weihui-2024.txt"), &doc).unwrap();
    doc
}

#[test]
fn init_build_serve_change_and_refuse_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("portal");
    run(gongkai().arg("init").arg(&root));
    for file in [
        "site.toml",
        "content/departments.csv",
        "content/budgets/README.md",
        "content/pages/about.md",
        "content/pages/methodology.md",
        ".github/workflows/pages.yml",
        ".gitignore",
    ] {
        assert!(root.join(file).is_file(), "init wrote {file}");
    }

    // It builds at once, empty, with a home page saying what to add.
    run(gongkai().current_dir(&root).arg("build").arg("--quiet"));
    let home = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(home.contains("content/budgets/"), "{home}");
    assert!(root.join("public/404.html").is_file());

    // A document and its row in the departments table.
    let doc = copy_document(&root);
    std::fs::write(
        root.join("content/departments.csv"),
        "\u{feff}slug,name,level,url,published,department\r\n\
         weihui-2024,卫辉市政府办,县级,https://www.weihui.gov.cn/yusuan/2024.html,2024/2/5,weihui\r\n",
    )
    .unwrap();

    let served_dir = dir.path().join("served");
    let mut child = gongkai()
        .current_dir(&root)
        .args(["serve", "--port", "0", "--output"])
        .arg(&served_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let served = Served(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let port: u16 = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));

    // The department page, with its official link and publication date, and the reload
    // script that only serving adds.
    let page = "/departments/weihui/2024/index.html";
    let (status, body) = get(port, page);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("卫辉市政府办"), "the table's name");
    assert!(body.contains("原文发布于"), "publication date shown");
    assert!(body.contains("https://www.weihui.gov.cn/yusuan/2024.html"));
    assert!(body.contains("/__gongkai/status"), "reload script injected");
    let on_disk =
        std::fs::read_to_string(served_dir.join("departments/weihui/2024/index.html")).unwrap();
    assert!(!on_disk.contains("__gongkai"), "never in the built site");
    let data = std::fs::read_to_string(served_dir.join("data/weihui/2024.json")).unwrap();
    let data: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(data["published"], "2024-02-05");
    assert_eq!(data["level"], "县级");

    // Change the document: the served source page follows.
    let marker = "（本行由测试追加：serve 重新生成）";
    let source = "/departments/weihui/2024/source.html";
    assert!(!get(port, source).1.contains(marker));
    let mut text = std::fs::read_to_string(&doc).unwrap();
    text.push_str(&format!("\n{marker}\n"));
    std::fs::write(&doc, &text).unwrap();
    eventually(port, source, "shows the change", |s, b| {
        s == 200 && b.contains(marker)
    });

    // A broken departments table: the error is on the status every open page polls, and the
    // last good pages stay served.
    std::fs::write(
        root.join("content/departments.csv"),
        "slug,published\nweihui-2024,2024-02-30\n",
    )
    .unwrap();
    let status = eventually(port, "/__gongkai/status", "reports the error", |s, b| {
        s == 200 && b.contains("departments.csv:2")
    });
    assert!(status.contains("2024-02-30"), "{status}");
    let (code, body) = get(port, source);
    assert_eq!(code, 200);
    assert!(body.contains(marker), "the last good page is still served");

    // Nothing outside the output folder.
    std::fs::write(dir.path().join("secret.txt"), "do not serve").unwrap();
    for target in [
        "/../secret.txt",
        "/../portal/site.toml",
        "/%2e%2e/secret.txt",
        "/departments/..%2f..%2fsecret.txt",
        "/..\\secret.txt",
    ] {
        let (status, body) = get(port, target);
        assert!(
            status == 403 || status == 400 || status == 404,
            "{target}: {status}"
        );
        assert!(
            !body.contains("do not serve") && !body.contains("title ="),
            "{target}"
        );
    }
    let (status, _) = get(port, "/no-such-page.html");
    assert_eq!(status, 404);
    drop(served);
}

#[test]
fn check_site_and_parse_agree_with_the_built_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("portal");
    run(gongkai().arg("init").arg(&root));
    copy_document(&root);
    run(gongkai().current_dir(&root).args(["build", "--quiet"]));
    let out = run(gongkai().args(["check", "--site"]).arg(root.join("public")));
    assert!(out.trim_end().ends_with(", 0 broken"), "{out}");

    // A broken link is found, with its page and line.
    let page = root.join("public/pages/about/index.html");
    let mut html = std::fs::read_to_string(&page).unwrap();
    html.push_str("\n<a href=\"../nowhere.html\">x</a>");
    std::fs::write(&page, html).unwrap();
    let result = gongkai()
        .args(["check", "--site"])
        .arg(root.join("public"))
        .output()
        .unwrap();
    assert!(!result.status.success());
    let text = String::from_utf8_lossy(&result.stdout);
    assert!(
        text.contains("pages/about/index.html:")
            && text.contains("no such file pages/nowhere.html"),
        "{text}"
    );

    // `parse` prints what the site publishes as data/<slug>.json.
    let parsed = run(gongkai()
        .current_dir(&root)
        .arg("parse")
        .arg("content/budgets/weihui-2024.txt"));
    let parsed: serde_json::Value = serde_json::from_str(&parsed).unwrap();
    let published: serde_json::Value = serde_json::from_str(
        // Without a departments table, the id is the department's name as the document states it.
        &std::fs::read_to_string(root.join("public/data/卫辉市人民政府办公室/2024.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(parsed, published);
    let model = run(gongkai().current_dir(&root).args([
        "parse",
        "--model",
        "content/budgets/weihui-2024.txt",
    ]));
    let model: serde_json::Value = serde_json::from_str(&model).unwrap();
    assert_ne!(model, published, "the internal model is another shape");
}
