"""A DNS answer for every name, never a real address: code that asks "is there a network?" before acting sees one
and goes on to the connection, which the hook records (and refuses at import) and the sandbox's missing network
stops anyway.

Names get addresses of their own in 198.18.0.0/15 (RFC 2544, benchmarking: routed nowhere), so a refused
connection to one still says which name it was for. Installed by the import probe's child only; elsewhere
`answer_for` says nothing and lookups go to the resolver as before.
"""
import functools
import ipaddress
import socket
import sys

_NETWORK = ipaddress.ip_network("198.18.0.0/15")
_LOCAL_NAMES = frozenset(("localhost", "localhost.localdomain", "ip6-localhost"))
_by_name = {}
_by_address = {}
_active = False


def answer_for(host):
    """The sinkhole address for a name (allocated on first use); None when not active, or for what is not a name."""
    if not _active or host is None:
        return None
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    name = str(host).rstrip(".").lower()
    if name == "" or name in _LOCAL_NAMES or name == socket.gethostname().lower() or _is_address(name):
        return None
    address = _by_name.get(name)
    if address is None:
        address = str(_NETWORK.network_address + len(_by_name) + 1)
        _by_name[name] = address
        _by_address[address] = name
    return address


def name_of(address):
    """The name a sinkhole address was given for, or None."""
    text = str(address)
    if text.startswith("::ffff:"):
        text = text[len("::ffff:"):]
    return _by_address.get(text)


def _is_address(text):
    try:
        ipaddress.ip_address(text.split("%", 1)[0])
        return True
    except ValueError:
        return False


def _port_number(port):
    if port is None:
        return 0
    if isinstance(port, int):
        return port
    if isinstance(port, bytes):
        port = port.decode("ascii", "replace")
    try:
        return int(port)
    except ValueError:
        try:
            return socket.getservbyname(port)
        except OSError:
            raise socket.gaierror(socket.EAI_SERVICE, "Servname not supported for ai_socktype") from None


def install():
    """Puts the answering functions in place of socket's resolver functions (the real ones answer for addresses)."""
    global _active
    if _active:
        return
    _active = True
    real_getaddrinfo = socket.getaddrinfo
    real_gethostbyname = socket.gethostbyname
    real_gethostbyname_ex = socket.gethostbyname_ex

    @functools.wraps(real_getaddrinfo)
    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        address = answer_for(host)
        if address is None:
            return real_getaddrinfo(host, port, family, type, proto, flags)
        sys.audit("socket.getaddrinfo", host, port, family, type, proto, flags)
        number = _port_number(port)
        types = [type] if type else [socket.SOCK_STREAM, socket.SOCK_DGRAM]
        if family == socket.AF_INET6:
            target = (socket.AF_INET6, ("::ffff:" + address, number, 0, 0))
        else:
            target = (socket.AF_INET, (address, number))
        protocols = {socket.SOCK_STREAM: socket.IPPROTO_TCP, socket.SOCK_DGRAM: socket.IPPROTO_UDP}
        return [(target[0], kind, proto or protocols.get(kind, 0), "", target[1]) for kind in types]

    @functools.wraps(real_gethostbyname)
    def gethostbyname(hostname):
        address = answer_for(hostname)
        if address is None:
            return real_gethostbyname(hostname)
        sys.audit("socket.gethostbyname", hostname)
        return address

    @functools.wraps(real_gethostbyname_ex)
    def gethostbyname_ex(hostname):
        address = answer_for(hostname)
        if address is None:
            return real_gethostbyname_ex(hostname)
        sys.audit("socket.gethostbyname", hostname)
        return (hostname, [], [address])

    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    socket.gethostbyname_ex = gethostbyname_ex
