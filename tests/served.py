"""A WorkbookServer served on a free local port from a thread of the test process."""

from __future__ import annotations

import asyncio
import shutil
import threading
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets


class ServedInThread:
    """Mixin for test cases: ``serve(server)`` in ``setUp``, ``stop_serving()`` in ``tearDown``;
    ``self.port`` and ``self.app`` are set once it listens."""

    server: Any

    def serve(self, server: Any) -> None:
        """Start ``server`` (an initialised WorkbookServer) on its own event loop and thread."""
        self.server = server
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(ready,), daemon=True)
        self._thread.start()
        ready.wait(30)
        assert getattr(self, "port", None), "the test server did not start"

    def _serve(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.app = self.server.make_app()
            sockets = bind_sockets(0, "127.0.0.1")
            self.http = HTTPServer(self.app)
            self.http.add_sockets(sockets)
            self.port = sockets[0].getsockname()[1]
        finally:
            ready.set()
        self.loop.run_forever()
        self.http.stop()
        self.loop.close()

    def stop_serving(self) -> None:
        """Stop the loop and the thread, and remove what the server left on disk."""
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        shutil.rmtree(self.server.connection_dir, ignore_errors=True)
        self.server.store_calls.shutdown(wait=False)
