"""`rendement serve`, `rendement users add` and `rendement tokens create`: the web instrument
and its accounts from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from rendement.cli.registry import Database
from rendement.model.errors import UserError

users_app = typer.Typer(
    help="People and their organisations.\n\nExample: rendement users add ana@gemeente.nl "
    "--org gemeente-noord --role editor",
    no_args_is_help=True,
    rich_markup_mode=None,
)
tokens_app = typer.Typer(
    help="API tokens.\n\nExample: rendement tokens create ana@gemeente.nl",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _accounts(database: str | None):  # type: ignore[no-untyped-def]
    from rendement.settings import Settings
    from rendement.usecases.store import Store

    return Store.open(database or Settings().database_url).accounts


def _read_password() -> str:
    """From standard input when it is not a terminal (one line), else asked twice; never an
    argument, which other users of the machine could read."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = typer.prompt("Password", hide_input=True)
    second = typer.prompt("Again", hide_input=True)
    if first != second:
        typer.echo("password: the two entries differ", err=True)
        raise typer.Exit(code=2)
    return str(first)


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Argument(help="The person's e-mail address (the login).")],
    org: Annotated[str, typer.Option(help="The organisation's slug; created when new.")],
    role: Annotated[str, typer.Option(help="viewer | editor | admin")] = "editor",
    name: Annotated[str, typer.Option(help="The name shown (default: from the address).")] = "",
    database: Database = None,
) -> None:
    """Add a person to an organisation with a role; the password comes from standard input.

    Example: printf '%s\\n' "$PASSWORD" | rendement users add ana@gemeente.nl --org noord
    """
    from rendement.usecases.accounts import add_user

    password = _read_password()
    user, organisation, created = add_user(_accounts(database), email, password, org, role, name)
    made = " (new organisation)" if created else ""
    typer.echo(f"{user.email}: {role} in {organisation.slug}{made}")


@tokens_app.command("create")
def tokens_create(
    email: Annotated[str, typer.Argument(help="Whose token: the person's e-mail address.")],
    label: Annotated[str, typer.Option(help="What the token is for.")] = "",
    database: Database = None,
) -> None:
    """Print a new API token on one line (it is stored hashed: keep it, it is shown once).

    Example: rendement tokens create ana@gemeente.nl --label "monitor script"
    """
    from rendement.usecases.accounts import create_token

    typer.echo(create_token(_accounts(database), email, label))


@tokens_app.command("revoke")
def tokens_revoke(
    email: Annotated[str, typer.Argument(help="Whose tokens: the person's e-mail address.")],
    database: Database = None,
) -> None:
    """Revoke every API token of a person at once (a new one is made with tokens create).

    Example: rendement tokens revoke ana@gemeente.nl
    """
    from rendement.usecases.accounts import revoke_tokens

    count = revoke_tokens(_accounts(database), email)
    typer.echo(f"{email}: {count} token(s) revoked")


DEMO_EMAIL = "demo@rendement.example"
DEMO_PASSWORD = "rendement-demo"
DEMO_ORG = "demo"


def _prepare_demo(url: str, cases: Path | None) -> None:
    """A demo organisation and login for trying the instrument on one's own machine, holding
    the case files of ``cases`` (a folder) as its own cases, to edit and run workshops on."""

    from rendement.io.jsonio import as_json_data
    from rendement.io.yamlio import load_document
    from rendement.settings import Settings
    from rendement.usecases.accounts import add_user, create_token, token_principal
    from rendement.usecases.cases import add_missing_cases
    from rendement.usecases.store import Store

    store = Store.open(url)
    add_user(store.accounts, DEMO_EMAIL, DEMO_PASSWORD, DEMO_ORG, "admin", "Demo")
    typer.echo(f"rendement: demo login {DEMO_EMAIL} / {DEMO_PASSWORD} (organisation {DEMO_ORG})")
    if cases is None:
        return
    documents = []
    for path in sorted(cases.glob("*.yaml")):
        try:
            documents.append(as_json_data(load_document(path, Settings().max_file_bytes).data))
        except UserError as error:
            typer.echo(f"{path}: left out of the demo ({error})", err=True)
    principal = token_principal(store.accounts, create_token(store.accounts, DEMO_EMAIL, "demo"))
    assert principal is not None
    made = add_missing_cases(store.registry, store.accounts, principal, DEMO_ORG, documents)
    if made:
        typer.echo(f"rendement: demo cases {', '.join(made)}")
    from rendement.usecases.portfolios import add_missing_portfolios

    funds = [_demo_portfolio(path) for path in sorted((cases / "portfolios").glob("*.yaml"))]
    made = add_missing_portfolios(store, principal, DEMO_ORG, [f for f in funds if f])
    if made:
        typer.echo(f"rendement: demo funds {', '.join(made)}")


def _demo_portfolio(path: Path) -> dict[str, Any] | None:
    """A bundled portfolio with its member files named as the demo organisation's cases."""

    from rendement.io.jsonio import as_json_data
    from rendement.io.yamlio import load_document, read_document

    try:
        raw, _ = read_document(path.read_text(encoding="utf-8"), str(path))
        data = as_json_data(raw)
        for member in data.get("members") or []:
            file = (path.parent / str(member["case"])).resolve()
            case_id = load_document(file).data["case"]["id"]
            member["case"] = f"{DEMO_ORG}/{case_id}"
    except (UserError, KeyError, TypeError, OSError) as error:
        typer.echo(f"{path}: left out of the demo ({error})", err=True)
        return None
    result: dict[str, Any] = data
    return result


def _shown(value: str) -> str:
    return value if len(value) <= 80 else f"{value[:77]}..."


def _listen_problem(host: str, port: int) -> str | None:
    """Why the service could not listen on host:port, found by binding there once before it
    starts, so a mistyped address is one line naming the option instead of uvicorn's log."""
    import errno
    import socket

    if not host.strip():
        return f"--host {host!r}: give the address to listen on (127.0.0.1: this machine only)"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (OSError, UnicodeError) as error:  # unknown name, or a name no resolver takes
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return f"--host {_shown(host)}: not an address to listen on ({reason})"
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return f"--port {port}: in use already on {host}; give another port"
            if error.errno == errno.EACCES:
                return f"--port {port}: not allowed to listen there (ports below 1024 need rights)"
            return f"--host {_shown(host)}: cannot listen there ({error.strerror or error})"
    return None


def _serve_problem(host: str, port: int, demo: bool, demo_cases: Path | None) -> str | None:
    if demo_cases is not None and not demo:
        return "--demo-cases: only with --demo"
    if demo_cases is not None and not demo_cases.is_dir():
        return f"--demo-cases {_shown(str(demo_cases))}: not a folder"
    return _listen_problem(host, port)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes (PostgreSQL for more than 1).")
    ] = 1,
    demo: Annotated[
        bool,
        typer.Option("--demo", help="Create a demo login (local use)."),
    ] = False,
    demo_cases: Annotated[
        Path | None,
        typer.Option(help="With --demo: a folder of case files the demo organisation holds."),
    ] = None,
    database: Database = None,
) -> None:
    """Serve the web instrument.

    Example: rendement serve --port 8000
    """
    import os

    import uvicorn

    from rendement.settings import Settings

    if database:
        os.environ["RENDEMENT_DATABASE_URL"] = database
    settings = Settings()
    problem = _serve_problem(host, port, demo, demo_cases)
    if problem is not None:
        typer.echo(problem, err=True)
        raise typer.Exit(code=2)
    url = settings.database_url
    if workers > 1 and url.startswith("sqlite"):
        typer.echo("--workers: more than 1 needs PostgreSQL (RENDEMENT_DATABASE_URL)", err=True)
        raise typer.Exit(code=2)
    # the schema is migrated once here, not by each worker at the same moment
    _accounts(url)
    if demo:
        _prepare_demo(url, demo_cases)
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address in a URL
    typer.echo(f"rendement: http://{shown}:{port}/ (Ctrl-C stops)")
    uvicorn.run(
        "rendement.web:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        # the client's address (for throttling sign-in) from the proxies trusted to name it
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies,
        # a worker busy with a long computation still answers, later than uvicorn's 5 s
        timeout_worker_healthcheck=30,
    )


def register(main_app: typer.Typer) -> None:
    main_app.add_typer(users_app, name="users")
    main_app.add_typer(tokens_app, name="tokens")
    main_app.command("serve")(serve)
