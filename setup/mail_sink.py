"""A local SMTP server that keeps every message in a folder instead of sending it.

Odoo's mail queue delivers to it, so mail never leaves the machine:
    python setup/mail_sink.py --port 2525 --dir .odoo/mail
Each accepted message is written as <timestamp>-<n>.eml. With --refuse, every
message is refused with a temporary error (to test that the queue keeps and retries).
"""
import argparse
import asyncore
import itertools
import os
import smtpd
import time


class FolderSink(smtpd.SMTPServer):
    def __init__(self, localaddr, folder, refuse=False):
        super().__init__(localaddr, None, decode_data=False)
        self.folder = folder
        self.refuse = refuse
        self.counter = itertools.count(1)

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        if self.refuse:
            return "451 Temporarily refusing all messages (test sink)"
        name = "%d-%06d.eml" % (int(time.time()), next(self.counter))
        with open(os.path.join(self.folder, name), "wb") as handle:
            handle.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--refuse", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    FolderSink((args.host, args.port), args.dir, refuse=args.refuse)
    asyncore.loop()


if __name__ == "__main__":
    main()
