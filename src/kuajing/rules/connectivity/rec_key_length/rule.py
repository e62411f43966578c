"""Good practice from the source articles: keys of 256 bits or more. Never a violation."""


def evaluate(ctx):
    if ctx.fact("actor.kind") == "individual":
        return ctx.not_applicable("An individual's use of a channel is outside this recommendation.")
    minimum = ctx.constant("min_key_bits")
    bits = ctx.fact("cryptography.min_symmetric_key_bits")
    if bits < minimum and ctx.known("cryptography.sm_algorithms") and bits >= ctx.constant("sm4_key_bits"):
        return ctx.compliant(f"The shortest key is {bits} bits, the key size of the national SM4 "
                             "algorithm the channel uses.")
    if bits >= minimum:
        return ctx.compliant(f"The shortest symmetric key is {bits} bits (recommended: {minimum}+).")
    return ctx.at_risk(f"The shortest symmetric key is {bits} bits, below the recommended {minimum}.",
                       "Recommended good practice from the source articles, not a legal requirement.")
