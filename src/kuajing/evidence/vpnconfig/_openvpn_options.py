"""Option names of OpenVPN 2.3 to 2.6 (from the openvpn(8) manual), and the inline-file tags.

Used to tell an OpenVPN configuration from other text and to note options kuajing does not know
(patched builds add some, such as ``scramble``); an unknown option is a note, never an error.
"""

KNOWN_OPTIONS = frozenset("""
allow-compression allow-deprecated-insecure-static-crypto allow-pull-fqdn allow-recursive-routing
askpass auth auth-gen-token auth-gen-token-secret auth-nocache auth-retry auth-token auth-token-user
auth-user-pass auth-user-pass-optional auth-user-pass-verify bcast-buffers bind bind-dev block-ipv6
block-outside-dns ca capath cd ccd-exclusive cert chroot cipher client client-cert-not-required
client-config-dir client-connect client-crresponse client-disconnect client-nat client-to-client
comp-lzo comp-noadapt compat-mode compress config connect-freq connect-freq-initial connect-retry
connect-retry-max connect-timeout cryptoapicert daemon data-ciphers data-ciphers-fallback dco-disable
dev dev-node dev-type dh dhcp-option dhcp-release dhcp-renew disable disable-dco disable-occ down
down-pre duplicate-cn ecdh-curve echo engine errors-to-stderr explicit-exit-notify extra-certs
fast-io float force-tls-key-material-export fragment genkey group hand-window hash-size http-proxy
http-proxy-option http-proxy-retry http-proxy-timeout http-proxy-user-pass ifconfig ifconfig-ipv6
ifconfig-ipv6-pool ifconfig-ipv6-push ifconfig-noexec ifconfig-nowarn ifconfig-pool
ifconfig-pool-linear ifconfig-pool-persist ifconfig-push ifconfig-push-constraint inactive inetd
inherit ip-remote-hint ip-win32 ipchange iproute iroute iroute-ipv6 keepalive key key-direction
key-method keying-material-exporter keysize learn-address link-mtu lladdr local log log-append
lport machine-readable-output management management-client management-client-auth
management-client-group management-client-user management-external-cert management-external-key
management-forget-disconnect management-hold management-log-cache management-query-passwords
management-query-proxy management-query-remote management-signal management-up-down mark max-clients
max-routes max-routes-per-client mktun mlock mode mssfix mtu-disc mtu-dynamic mtu-test multihome mute
mute-replay-warnings ncp-ciphers ncp-disable nice no-iv no-name-remapping no-replay nobind ns-cert-type
opt-verify passtos peer-fingerprint peer-id persist-key persist-local-ip persist-remote-ip persist-tun
ping ping-exit ping-restart ping-timer-rem pkcs11-cert-private pkcs11-id pkcs11-id-management
pkcs11-pin-cache pkcs11-private-mode pkcs11-protected-authentication pkcs11-providers pkcs12
plugin port port-share preresolve prng proto proto-force providers pull pull-filter push
push-continuation push-peer-info push-remove push-reset pkcs11-id-type rcvbuf redirect-gateway
redirect-private register-dns remap-usr1 remote remote-cert-eku remote-cert-ku remote-cert-tls
remote-random remote-random-hostname reneg-bytes reneg-pkts reneg-sec replay-persist replay-window
resolv-retry rmtun route route-delay route-gateway route-ipv6 route-ipv6-gateway route-method
route-metric route-noexec route-nopull route-pre-down route-up rport script-security secret server
server-bridge server-ipv6 server-poll-timeout session-timeout setcon setenv setenv-safe shaper
show-adapters show-ciphers show-curves show-digests show-engines show-gateway show-groups
show-net show-net-up show-pkcs11-ids show-proxy-settings show-tls show-valid-subnets single-session
sndbuf socket-flags socks-proxy socks-proxy-retry stale-routes-check static-challenge status
status-version suppress-timestamps syslog tap-sleep tcp-nodelay tcp-queue-limit test-crypto
tls-auth tls-cert-profile tls-cipher tls-ciphersuites tls-client tls-crypt tls-crypt-v2
tls-crypt-v2-max-age tls-crypt-v2-verify tls-exit tls-export-cert tls-groups tls-server tls-timeout
tls-version-max tls-version-min tls-verify tmp-dir topology tran-window tun-ipv6 tun-max-mtu tun-mtu
tun-mtu-extra tun-mtu-max txqueuelen udp-mtu up up-delay up-restart use-prediction-resistance user
username-as-common-name verb verify-client-cert verify-hash verify-x509-name vlan-accept vlan-pvid
vlan-tagging win-sys windows-driver writepid x509-track x509-username-field capath crl-verify
ignore-unknown-option auth-gen-token-secret http-proxy-override route-nopull
""".split())

#: Options whose presence says "this is an OpenVPN configuration" (used to sniff extensionless files).
ANCHOR_OPTIONS = frozenset("""
client dev dev-type remote proto port lport rport tls-client tls-server server mode secret ca cert
key cipher data-ciphers auth-user-pass ifconfig verb tls-auth tls-crypt persist-key persist-tun
""".split())

INLINE_TAGS = frozenset("""
ca cert key extra-certs dh tls-auth tls-crypt tls-crypt-v2 secret pkcs12 http-proxy-user-pass
auth-user-pass crl-verify connection peer-fingerprint auth-gen-token-secret tls-crypt-v2-verify
""".split())
