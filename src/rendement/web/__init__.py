"""The web instrument: server-rendered pages, a JSON API, accounts and organisations.

``create_app(settings)`` builds the application; nothing is made at import time. Pages and the
API call :mod:`rendement.usecases` and only present what comes back.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from rendement.settings import Settings
from rendement.usecases.store import Store
from rendement.web import present
from rendement.web.cache import ResultCache
from rendement.web.deps import plain_address
from rendement.web.errors import install_error_handlers
from rendement.web.live import Hub, Listener
from rendement.web.security import BodyLimit, SecurityHeaders

__all__ = ["create_app"]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    store = Store.open(settings.database_url)

    hub = Hub()
    listener: Listener | None = None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        nonlocal listener
        hub.bind(asyncio.get_running_loop())
        # the page and API handlers run in this many threads; others queue for a turn
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        # loaded before the first request instead of during it (once per process)
        await anyio.to_thread.run_sync(present.warm_up)
        if store.workshops.notifies:  # PostgreSQL: every worker hears every worker's events
            listener = Listener(settings.database_url, store.workshops, hub)
            await listener.start()
        else:  # SQLite: one worker, events handed on in-process
            store.workshops.listeners.append(hub.deliver_event)
        yield
        if listener is not None:
            await listener.stop()
        store.close()

    app = FastAPI(
        title="rendement",
        summary="The social return of social work, per stakeholder, with uncertainty.",
        version="1",
        docs_url=None,  # the interactive docs load scripts from elsewhere; the schema suffices
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        lifespan=lifespan,
        dependencies=[Depends(plain_address)],
    )
    app.state.settings = settings
    app.state.registry = store.registry
    app.state.accounts = store.accounts
    app.state.store = store
    app.state.hub = hub
    app.state.result_cache = ResultCache(shared=store.derived)
    install_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit)
    app.mount("/static", StaticFiles(packages=[("rendement.web", "static")]), name="static")

    from rendement.web.routes import api, auth, cases, catalogue, portfolios, workshop
    from rendement.web.routes import registry as registry_pages

    app.include_router(auth.router)
    app.include_router(cases.router)
    app.include_router(registry_pages.router)
    app.include_router(catalogue.router)
    app.include_router(workshop.router)
    app.include_router(portfolios.router)
    app.include_router(api.router)
    return app
