#!/usr/bin/env python
"""A small OpenID Connect provider for trying and testing the portal's single sign-on.

    .venv/bin/python tests/oidc_provider/run.py --port 8001

serves django-oauth-toolkit on http://127.0.0.1:8001 with the accounts and the portal
application of demo_users.json (or --data FILE), and prints the variables to set before
`make run`. Its database and signing key live in --state-dir (default: a new temporary
folder). For tests and demonstrations only, never a real provider.
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--data", default=str(HERE / "demo_users.json"), help="JSON file of users and the application")
    parser.add_argument("--state-dir", default="", help="folder of the SQLite database and the signing key")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    args = parser.parse_args(argv)

    issuer = f"http://127.0.0.1:{args.port}"
    state_dir = args.state_dir or tempfile.mkdtemp(prefix="sgddt-oidc-provider-")
    os.environ["OIDC_PROVIDER_STATE_DIR"] = state_dir
    os.environ["OIDC_PROVIDER_ISSUER"] = issuer
    os.environ["DJANGO_SETTINGS_MODULE"] = "provider.settings"
    sys.path.insert(0, str(HERE))

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_provider_data", args.data, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115

    if not args.quiet:
        with open(args.data, encoding="utf-8") as file:
            data = json.load(file)
        app = data["application"]
        print("Máy chủ đăng nhập dùng chung (thử) chạy tại", issuer)
        print("Đặt các biến sau rồi chạy `make run` ở một cửa sổ khác:\n")
        print(f"export OIDC_OP_ISSUER={issuer}")
        print(f"export OIDC_RP_CLIENT_ID={app['client_id']}")
        print(f"export OIDC_RP_CLIENT_SECRET={app['client_secret']}")
        print("\nĐịa chỉ quay về đã đăng ký:", *app["redirect_uris"], sep="\n  ")
        print("\nTài khoản:")
        for person in data["users"]:
            roles = ", ".join(person.get("roles", [])) or "(không có vai trò)"
            print(f"  {person['username']} / {person['password']}  —  {person.get('name', '')}: {roles}")
        print("\nSửa tệp tài khoản rồi nạp lại khi máy chủ đang chạy:")
        reload = f"{sys.executable} {HERE / 'manage.py'} load_provider_data {args.data}"
        print(f"  OIDC_PROVIDER_STATE_DIR={state_dir} {reload}")
        print(flush=True)
    call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False, use_threading=True, skip_checks=True)


if __name__ == "__main__":
    main()
