"""Log lines as JSON, for log shippers: one object per line.

Choose it in the ini file's logging section (``[handler_console]
formatter = json``; production.ini declares the formatter). Every record
keeps its message as the text lines have it (an access line stays in the
combined format), with the time in UTC, the level and the logger's name.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
