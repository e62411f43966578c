"""Commercial Cryptography Regulations Art. 41: cryptography according to the MLPS level."""


def evaluate(ctx):
    if ctx.fact("actor.kind") == "individual":
        return ctx.not_applicable("An individual is not graded under the protection scheme.")
    level = ctx.fact("actor.mlps_level")
    if ctx.fact("cryptography.commercial_crypto"):
        return ctx.compliant(f"The level-{level} system's channel uses commercial cryptography.")
    if level < 3:
        return ctx.at_risk(f"The channel of a level-{level} system does not use commercial cryptography.",
                           "The duty applies at every level, but what levels 1-2 must use is set by the "
                           "State Cryptography Administration and is not formalised here; check it.")
    return ctx.at_risk(f"The channel of a level-{level} system does not use commercial cryptography.",
                       "The State Cryptography Administration sets what each level must use; level 3 and "
                       "above are generally expected to use commercial cryptography.",
                       [ctx.fine("crypto.mlps.no_crypto.fine", "Order to correct and warning; a fine if "
                                 "the operator refuses or harm follows",
                                 authority="cryptography administration")])
