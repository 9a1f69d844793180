"""The agent workspace's pages: Jinja2 templates and static CSS/JS, shipped with the package.

No external assets: the pages load only ``/static/app.css`` and ``/static/workspace.js`` from
this folder, work without JavaScript (plain forms), and use it for keyboard shortcuts and the
reply box. The HTTP adapter (:mod:`ticketpilot.api.routes.pages`) renders them.
"""
