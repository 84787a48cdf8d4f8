"""Running markdownlint (the npm markdownlint-cli) on Markdown text, when it is there.

The rules are the project's `.markdownlint.json` (every default rule; line length off;
`<a id>` anchors allowed for the study guide's references). `RULES` is that file's
content, kept here so an installed casestudy needs no repository; a test keeps the two
the same."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from casestudy.submission.check import LintIssue

RULES: dict[str, object] = {"default": True, "MD013": False, "MD033": {"allowed_elements": ["a"]}}


def find_markdownlint(chosen: str | None = None) -> str | None:
    """`chosen` ($CASESTUDY_MARKDOWNLINT, from the Environment; empty: never run it), else
    the checkout's node_modules/.bin/markdownlint, else `markdownlint` on PATH."""
    if chosen is not None:
        return chosen if chosen and Path(chosen).is_file() else None
    local = Path(__file__).resolve().parents[2] / "node_modules" / ".bin" / "markdownlint"
    if local.is_file():
        return str(local)
    return shutil.which("markdownlint")


def markdownlint(text: str, chosen: str | None = None) -> tuple[list[LintIssue] | None, str]:
    """markdownlint's findings for `text`, or (None, why not) when it cannot run. `chosen`
    is the binary the user named (see find_markdownlint)."""
    return markdownlint_all([text], chosen)[0]


def markdownlint_all(texts: list[str], chosen: str | None = None) -> list[tuple[list[LintIssue] | None, str]]:
    """markdownlint's findings for each of `texts`, from one run of markdownlint over all
    of them (starting node takes about a second, so it is started once, not per file)."""
    if not texts:
        return []
    binary = find_markdownlint(chosen)
    if chosen == "":
        why = "markdownlint is turned off (CASESTUDY_MARKDOWNLINT is empty), so Markdown style was not checked"
    elif binary is None and chosen:
        why = f"markdownlint not found at {chosen} (CASESTUDY_MARKDOWNLINT), so Markdown style was not checked"
    elif binary is None:
        why = "markdownlint not found, so Markdown style was not checked (install it with: npm install markdownlint-cli)"
    if binary is None:
        return [(None, why)] * len(texts)
    with tempfile.TemporaryDirectory(prefix="casestudy-lint-") as tmp:
        config = Path(tmp) / "markdownlint.json"
        config.write_text(json.dumps(RULES), encoding="utf-8")
        names = [str(Path(tmp) / f"{i}.md") for i in range(len(texts))]
        for name, text in zip(names, texts):
            Path(name).write_bytes(text.encode("utf-8"))  # as written: no newline translation
        try:
            done = subprocess.run(
                [binary, "--config", str(config), "--json", "--", *names],
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=60 + 5 * len(texts),
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return [(None, f"markdownlint could not run ({exc}), so Markdown style was not checked")] * len(texts)
    try:
        found = json.loads(done.stderr or done.stdout or "[]")
    except json.JSONDecodeError:
        if done.returncode == 0:
            return [([], "")] * len(texts)
        return [(None, f"markdownlint failed (exit {done.returncode}), so Markdown style was not checked")] * len(texts)
    issues: dict[str, list[LintIssue]] = {name: [] for name in names}
    for item in found:
        detail = f" [{item['errorDetail']}]" if item.get("errorDetail") else ""
        issue = LintIssue(int(item["lineNumber"]), item["ruleNames"][0], f"{item['ruleDescription']}{detail}")
        issues.setdefault(str(item.get("fileName", "")), []).append(issue)
    return [(sorted(issues[name], key=lambda i: (i.line, i.rule)), "") for name in names]
