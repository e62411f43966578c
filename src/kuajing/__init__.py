"""kuajing (跨境): is your cross-border connectivity and data export lawful under PRC law?

The flow: collect facts (``facts``, ``evidence``) → evaluate dated, cited rules (``law``, ``rules``)
→ findings (``findings``) → reports and history (``reports``).
"""

__version__ = "0.1.0"

#: One short line on every output.
DISCLAIMER_EN = "Not legal advice: kuajing informs, counsel decides."
DISCLAIMER_ZH = "非法律意见：kuajing 仅供参考，请以律师意见为准。"

__all__ = ["__version__", "DISCLAIMER_EN", "DISCLAIMER_ZH"]
