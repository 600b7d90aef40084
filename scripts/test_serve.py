#!/usr/bin/env python3
"""The tests of `doppel serve` from outside: a real server on loopback over an archive of
examples/, its pages loaded in headless Chromium (Selenium, chromedriver) with the rendered DOM
checked, then schemathesis against the OpenAPI document it serves.

    python3 scripts/test_serve.py --doppel .build/debug/doppel [--screenshots DIR] [--skip-schemathesis]

Exits non-zero, naming each failed check, when any check fails. Run by scripts/test-serve,
which installs what it needs.
"""
import argparse, json, os, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "browser-test-token"
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(doppel, work):
    archive = work / "news.db"
    subprocess.run([doppel, "add", str(ROOT / "examples"), "--archive", str(archive)], check=True,
                   stdout=subprocess.DEVNULL)
    (work / "token").write_text(TOKEN + "\n")
    port = free_port()
    server = subprocess.Popen([doppel, "serve", "--archive", str(archive), "--port", str(port),
                               "--token-file", str(work / "token")], stderr=open(work / "server.log", "w"))
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return server, base
        except OSError:
            if server.poll() is not None:
                sys.exit("the server exited: " + (work / "server.log").read_text())
            time.sleep(0.1)
    server.kill()
    sys.exit("the server did not answer /healthz within 20 s")


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400"]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def pages(base, shots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait
    css = lambda driver, selector: driver.find_elements(By.CSS_SELECTOR, selector)
    driver = browser()
    try:
        driver.get(base + "/")
        links = [a for a in css(driver, "a[href^='/stories/']") if "Old Harbor Bridge" in a.text]
        check(bool(links), "latest stories: the harbor bridge story is listed")
        check("altered quotation" in driver.find_element(By.TAG_NAME, "body").text, "latest stories: altered quotations are counted")
        if shots: driver.save_screenshot(str(shots / "stories.png"))
        if not links: return
        driver.get(links[0].get_attribute("href"))
        original = css(driver, "li.version.original")
        check(len(original) == 1 and "original" in original[0].text, "story: one version is marked the original")
        check(len(css(driver, "section.family")) >= 2, "story: the versions are grouped into copy families")
        altered = css(driver, ".quote.altered")
        check(len(altered) >= 4, f"story: the altered quotations are listed ({len(altered)})")
        check(all(q.find_elements(By.TAG_NAME, "del") and q.find_elements(By.TAG_NAME, "ins") for q in altered),
              "story: each altered quotation is a word diff (del and ins)")
        if shots: driver.save_screenshot(str(shots / "story.png"))

        original_id = quote("harbor-bridge/01-original.txt", safe="")
        driver.get(f"{base}/articles/{original_id}")
        removed = css(driver, "details")
        check(bool(removed) and "donation appeal" in driver.page_source, "article: removed boilerplate is folded in with its reason")
        check(not removed or not removed[0].get_attribute("open"), "article: removed boilerplate starts folded")
        check(bool(css(driver, f"a[href^='/compare?a={original_id}']")), "article: its relations link to side-by-side comparisons")

        scraped, syndicated = (quote(f"harbor-bridge/{n}", safe="") for n in ["02-scraped.md", "03-syndicated.html"])
        driver.get(f"{base}/compare?a={scraped}&b={syndicated}")
        a_marks, b_marks = css(driver, "#side-a mark[data-passage]"), css(driver, "#side-b mark[data-passage]")
        check(bool(a_marks) and bool(b_marks), "comparison: copied passages are highlighted on both sides")
        if a_marks:
            ActionChains(driver).move_to_element(a_marks[0]).perform()
            number = a_marks[0].get_attribute("data-passage")
            counterpart = css(driver, f"#side-b mark.active[data-passage='{number}']")
            check(bool(counterpart), "comparison: hovering a passage marks its counterpart on the other side")
        check(len(css(driver, "table.aligned tr")) > 0, "comparison: aligned sentences are listed")
        if shots: driver.save_screenshot(str(shots / "compare-copy.png"))

        rewrite = quote("harbor-bridge/04-rewrite.txt", safe="")
        driver.get(f"{base}/compare?a={original_id}&b={rewrite}")
        check("rewrite" in driver.find_element(By.CSS_SELECTOR, ".verdict").text, "comparison: the spun version is a rewrite")
        diffs = css(driver, ".quote.altered .diff")
        check(len(diffs) >= 4 and all(d.find_elements(By.TAG_NAME, "del") for d in diffs),
              f"comparison: the altered quotations appear with their word diff ({len(diffs)})")
        if shots: driver.save_screenshot(str(shots / "compare-rewrite.png"))

        driver.get(base + "/search?q=corroded")
        check(bool(css(driver, f"a[href='/articles/{original_id}']")), "search: finds the original by a word of its body")

        driver.get(base + "/upload")
        for name, value in [("token", TOKEN), ("id", "browser/upload.txt"), ("title", "Ferry timetable changes for winter"),
                            ("text", "The harbour ferry will run every forty minutes from Monday, the operator said. " * 3)]:
            driver.find_element(By.NAME, name).send_keys(value)
        driver.find_element(By.CSS_SELECTOR, "#upload [type=submit]").click()
        WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "result").text)
        check(driver.find_element(By.ID, "result").text == "Added browser/upload.txt", "upload: the form adds an article with the token")
        with urllib.request.urlopen(f"{base}/v1/articles/{quote('browser/upload.txt', safe='')}") as response:
            check(json.load(response)["title"] == "Ferry timetable changes for winter", "upload: the API then serves the article")
    finally:
        driver.quit()


def schemathesis(base, work):
    """schemathesis on every operation with every check, the token given; bounded in examples."""
    command = ["schemathesis", "run", base + "/openapi.json", "--checks", "all", "--max-examples", "40",
               "--header", f"Authorization: Bearer {TOKEN}", "--report-dir", str(work / "schemathesis"),
               "--request-timeout", "20", "--seed", "1"]
    result = subprocess.run(command, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = result.stdout.splitlines()
    # On failure the FAILURES section says which request was rejected and how to replay it.
    start = next((i for i, line in enumerate(lines) if "FAILURES" in line), max(0, len(lines) - 25))
    print("\n".join(lines[start:] if result.returncode else lines[-25:]))
    check(result.returncode == 0, "schemathesis: 0 failures against the served OpenAPI document")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--doppel", default=str(ROOT / ".build/debug/doppel"))
    parser.add_argument("--screenshots", type=Path, help="where to save the pages' screenshots (default: not saved)")
    parser.add_argument("--skip-schemathesis", action="store_true")
    args = parser.parse_args()
    if args.screenshots: args.screenshots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="doppel-serve-test.") as tmp:
        work = Path(tmp)
        server, base = start_server(args.doppel, work)
        try:
            pages(base, args.screenshots)
            if not args.skip_schemathesis: schemathesis(base, work)
        finally:
            server.terminate()
            server.wait(timeout=10)
    if failures:
        sys.exit(f"{len(failures)} failed: " + "; ".join(failures))
    print("all checks passed")


if __name__ == "__main__":
    main()
