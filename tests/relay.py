"""A TCP relay in a process of its own: ``python tests/relay.py LISTEN_PORT TARGET_HOST TARGET_PORT``.

Tests stop it with SIGSTOP to freeze the path to a server: its kernel still accepts connections and acknowledges
data, but nothing passes, as with a hung pooler or a stalled network path. SIGKILL cuts every connection at once.
"""

import socket
import sys
import threading
from contextlib import suppress


def pump(source, target):
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def main(listen_port, host, port):
    listener = socket.create_server(("127.0.0.1", listen_port), backlog=128)
    print("ready", flush=True)
    while True:
        client, _address = listener.accept()
        try:
            upstream = socket.create_connection((host, port), timeout=5)
            upstream.settimeout(None)
        except OSError:
            client.close()
            continue
        for source, target in ((client, upstream), (upstream, client)):
            threading.Thread(target=pump, args=(source, target), daemon=True).start()


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
