"""YAML syntax errors in plain words: the scanner's and parser's sentences name tokens
(``'<block end>'``, ``'?'``) that a person writing a case file never sees; these say what is
wrong on the line and where the construct it breaks began."""

from __future__ import annotations

from ruamel.yaml.error import MarkedYAMLError

from rendement.model import Issue

_TOKENS = {
    "'<block end>'": "the end of the indented block",
    "'<block mapping start>'": "a new key",
    "'<block sequence start>'": "a new list item",
    "'?'": "a key",
    "'-'": "a list item '-'",
    "'<stream end>'": "the end of the file",
    "'<stream start>'": "the start of the file",
    "'<document start>'": "'---'",
    "'<document end>'": "'...'",
    "'<scalar>'": "a value",
    "'<alias>'": "an alias",
    "'<anchor>'": "an anchor",
    "'<tag>'": "a tag",
    "'<block entry>'": "a list item '-'",
    "'<flow entry>'": "','",
    "'<key>'": "a key",
    "'<value>'": "':'",
}

_BLOCKS = {"block collection": "list", "block mapping": "mapping"}
_FLOWS = {"flow mapping": "'{'", "flow sequence": "'['"}


def _words(text: str) -> str:
    for token, words in _TOKENS.items():
        text = text.replace(token, words)
    return text


def _construct(context: str | None) -> str | None:
    """``'while parsing a block mapping'`` → ``'block mapping'``."""
    if not context:
        return None
    for start in (
        "while parsing a ",
        "while parsing an ",
        "while scanning a ",
        "while scanning an ",
    ):
        if context.startswith(start):
            return context[len(start) :]
    return None


def plain_reason(error: MarkedYAMLError) -> tuple[int | None, str]:
    """The line of a syntax error and what is wrong there, in words."""
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    problem = (error.problem or "unreadable").strip()
    context = error.context
    construct = _construct(context)
    began = error.context_mark.line + 1 if error.context_mark else None
    got = problem.split("but got ", 1)[-1] if "but got " in problem else None

    if construct in _BLOCKS and problem.startswith("expected <block end>"):
        return line, (
            f"this line's indentation does not fit the {_BLOCKS[construct]} "
            f"that starts on line {began}"
        )
    if construct in _FLOWS and got is not None:
        expected = problem.split(", but got", 1)[0].removeprefix("expected ")
        return line, (
            f"the {_FLOWS[construct]} on line {began} is not closed: "
            f"expected {_words(expected)} before {_words(got)}"
        )
    if problem.startswith("mapping values are not allowed"):
        return line, (
            "a ':' where none can be (is the line indented too far, "
            "or does a text with ': ' in it need quotes?)"
        )
    if problem.startswith("could not find expected ':'"):
        return line, "a line without ':' where a key was expected (or a text that needs quotes)"
    if "'\\t'" in problem and "cannot start any token" in problem:
        return line, "a tab character; indent with spaces"
    if "end of stream" in problem and construct and "quoted scalar" in construct:
        return line, f"the quoted text that starts on line {began} is never closed"

    problem = _words(problem)
    if context and problem.startswith("but"):
        reason = f"{context}, {problem}"  # ruamel splits one sentence in two
    elif context and began is not None and began != line:
        reason = f"{problem} ({context}, started on line {began})"
    elif context:
        reason = f"{problem} ({context})"
    else:
        reason = problem
    return line, reason


def yaml_issue(error: MarkedYAMLError, file: str) -> Issue:
    """A syntax error at the line the parser stopped, with where the construct began."""
    line, reason = plain_reason(error)
    return Issue((), f"not valid YAML: {reason}", file=file, line=line)
