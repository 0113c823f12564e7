#!/usr/bin/env python3
"""emrflow's AWS emulator: moto 5.2.x with the emrflow extension, on one port.

Usage:
  python3 scripts/emulator/emrflow_emulator.py --port N [--host 127.0.0.1]
      [--job-runner CMD] [--job-delay-seconds S] [--app-delay-seconds S] [--verbose]

Serves every moto service (S3, IAM, STS, Step Functions, EMR Serverless, ...) plus
/emrflow-api/* on http://HOST:PORT, with the Step Functions interpreter switched on.
--port 0 picks a free port.  Prints exactly one line on stdout once it accepts
connections:  emrflow emulator ready at http://HOST:PORT
Exit codes: 0 after SIGTERM/SIGINT, 2 when the port is already in use (or the
arguments are wrong), 1 when it cannot listen for another reason.
See README.md next to this file.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import signal
import socket
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="emrflow_emulator.py",
        description="moto + the emrflow extension (EMR Serverless for Step Functions) on one port",
    )
    parser.add_argument("--port", type=int, required=True, help="port to listen on (0: any free port)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--job-runner",
        default=os.environ.get("EMRFLOW_JOB_RUNNER") or None,
        help="command that really runs a job (default: $EMRFLOW_JOB_RUNNER; none: jobs just succeed)",
    )
    parser.add_argument(
        "--job-delay-seconds", type=float, default=0.3,
        help="time a job run takes SUBMITTED -> SCHEDULED -> RUNNING -> SUCCESS (default 0.3)",
    )
    parser.add_argument(
        "--app-delay-seconds", type=float, default=0.2,
        help="time an application spends in STARTING (default 0.2)",
    )
    parser.add_argument(
        "--queue-minute-seconds", type=float, default=60.0,
        help="real seconds a minute of a queued job run's queueTimeoutMinutes lasts (default 60; tests shorten it)",
    )
    parser.add_argument("--verbose", action="store_true", help="log every HTTP request and Step Functions failure on stderr")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error("--port must be between 0 and 65535")
    if args.job_delay_seconds < 0 or args.app_delay_seconds < 0 or args.queue_minute_seconds <= 0:
        parser.error("delays must not be negative")
    return args


def _listen(host: str, port: int) -> socket.socket:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except BaseException:
        sock.close()
        raise
    return sock


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)

    try:
        sock = _listen(args.host, args.port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(
                f"emulator: port {args.port} on {args.host} is already in use; pick another with --port",
                file=sys.stderr, flush=True,
            )
            return 2
        print(f"emulator: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
              file=sys.stderr, flush=True)
        return 1
    port = sock.getsockname()[1]
    # moto's Step Functions engine calls back into this server on MOTO_PORT.
    os.environ["MOTO_PORT"] = str(port)

    stop = threading.Event()

    def _on_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)

    logging.getLogger("werkzeug").setLevel(logging.INFO if args.verbose else logging.ERROR)
    # The interpreter logs every failure event (even caught ones) with the whole state's
    # repr at ERROR; DescribeExecution/GetExecutionHistory carry the same information.
    logging.getLogger("moto.stepfunctions.parser").setLevel(
        logging.WARNING if args.verbose else logging.CRITICAL
    )

    sys.path.insert(0, HERE)
    from moto.core.config import default_user_config
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import make_server

    import emrflow_moto
    from emrflow_moto import emr_lifecycle
    from emrflow_moto.control_api import EmrflowApp

    default_user_config.setdefault("stepfunctions", {})["execute_state_machine"] = True
    emrflow_moto.install(
        job_delay_seconds=args.job_delay_seconds,
        app_delay_seconds=args.app_delay_seconds,
        queue_minute_seconds=args.queue_minute_seconds,
        job_runner=args.job_runner or "",
    )

    app = EmrflowApp(DomainDispatcherApplication(create_backend_app))
    server = make_server(args.host, port, app, threaded=True, fd=sock.fileno())
    sock.close()  # the server holds its own duplicate of the listening socket
    serving = threading.Thread(target=server.serve_forever, name="emrflow-http", daemon=True)
    serving.start()

    shown_host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"emrflow emulator ready at http://{shown_host}:{port}", flush=True)

    while not stop.wait(3600):
        pass

    try:
        server.shutdown()
        server.server_close()
        emr_lifecycle.shutdown()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    # Step Functions executions run on threads moto starts; do not wait for them.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
