"""The HTTP adapter (SPEC S8): FastAPI over the same runtime and services as the CLI.

app.py        :func:`create_app` (a runtime factory in, the app out) and the uvicorn factory
state.py      what a worker keeps for its life: runtime, drafting engine, secret, metrics
deps.py       ``Annotated`` dependencies: ``RuntimeDep``, ``AgentUser``/``LeadUser``/``AdminUser``,
              the page variants, ``PUBLIC``; CSRF for cookie-authenticated state changes
schemas.py    request (``...Create``) and response (``...Public``) bodies
errors.py     every error as a 4xx with a reason (JSON for the API, a page for pages)
metrics.py    Prometheus collectors (multiprocess-safe) and the request-latency middleware
headers.py    security headers and the pages' Content-Security-Policy
pages.py      the Jinja2 environment over ``ticketpilot.web``
openapi.py    the checked-in schema ``docs/openapi.json``: write or check it
routes/       one module per resource
"""
