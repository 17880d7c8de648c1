rule marker : dropper linux {
    meta:
        description = "seed"
    strings:
        $a = "curl" ascii
        $b = { 7f 45 4c 46 }
        $c = /https?:\/\/[a-z]+/
    condition:
        $b at 0 or ($a and #c > 0)
}
