"""Optional error reporting to Sentry, when SENTRY_DSN is set: every line logged at ERROR and above (with its
traceback) and every uncaught exception, from every process.

Nothing personal goes with them: no user data, cookies, query strings, request bodies or SQL values, no local
variables of the failing frames (a handler's locals hold what people typed), and log lines carry only ids.
"""

import logging

from core.config import Settings


def report_errors(settings: Settings) -> None:
    if settings.sentry_dsn is None:
        return
    import sentry_sdk  # only a process that reports loads it
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=settings.sentry_dsn.get_secret_value(),
        traces_sample_rate=0.0,
        # Since sentry-sdk 3 a logged error is an event only when asked; the lines before it come as breadcrumbs.
        integrations=[LoggingIntegration(event_level=logging.ERROR)],
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "database_query_data": False,
            "stack_frame_variables": False,
        },
    )
