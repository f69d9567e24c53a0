#!/bin/bash
# User data for the employee directory on Amazon Linux 2023. EC2 hands it to cloud-init, which runs it once, as root,
# at the instance's first boot; its output goes to /var/log/cloud-init-output.log. The lab fills in the values
# between double underscores (see labs/directory-app/user-data.ts) before it passes the script to RunInstances.
set -euo pipefail

REGION='__REGION__'
BUNDLE_URI='s3://__BUCKET__/__BUNDLE_KEY__'
APP_DIR=/opt/employee-directory

# Runs a command until it succeeds, waiting 5, 10, 20, then 30 seconds between tries, for up to ten minutes. Right
# after boot the network, the package mirrors or the role's credentials may not be ready yet, and a role or policy
# made a minute ago may not have reached every AWS endpoint: those failures pass, so they are tried again.
retry() {
  local pause=5 deadline=$((SECONDS + 600))
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "giving up after ${SECONDS} s: $*" >&2
      return 1
    fi
    echo "failed, trying again in ${pause} s: $*" >&2
    sleep "$pause"
    pause=$((pause * 2 > 30 ? 30 : pause * 2))
  done
}

# Node.js 22 from the Amazon Linux repositories (Node.js 20 reached its end of life in April 2026).
# AL2023 comes with the AWS CLI.
retry dnf install -y nodejs22

# The app is one file. The CLI signs the download with the instance role's temporary credentials, which it reads
# from the instance metadata service (IMDSv2): there is no access key on this machine.
mkdir -p "$APP_DIR"
retry aws s3 cp "$BUNDLE_URI" "$APP_DIR/__BUNDLE_FILE__" --region "$REGION"
chmod 0644 "$APP_DIR/__BUNDLE_FILE__"

# A systemd service starts the app now and at every boot, and restarts it if it stops. It runs as an unprivileged
# user made up for it (DynamicUser), allowed to listen on port 80 and nothing more; StateDirectory gives it
# /var/lib/employee-directory for its records, which live and die with this instance's disk.
cat > /etc/systemd/system/employee-directory.service <<'UNIT'
[Unit]
Description=Employee directory web app
Wants=network-online.target
After=network-online.target

[Service]
__ENVIRONMENT__
ExecStart=/usr/bin/node-22 /opt/employee-directory/__BUNDLE_FILE__
DynamicUser=yes
StateDirectory=employee-directory
AmbientCapabilities=CAP_NET_BIND_SERVICE
Restart=always
RestartSec=2

[Install]
WantedBy=multi-user.target
UNIT

systemctl daemon-reload
systemctl enable --now employee-directory.service
