public import AtalayaDomain
import AtalayaIngest

// MARK: - What the counterpart's own commands say when they refuse, in the counterpart's language

/// The refusals `cosign keygen`, `cosign sign` and `import monitoring` can meet — the key file, the monitoring file as
/// CSV and as monitoring data, the `.cosign` file — in the counterpart's language.
public enum CounterpartMessages {
    /// `error` as the command line prints it: where (file, line, column and field, as the error gives them) and what
    /// is wrong, in Spanish from the templates below; a message none of them knows, and the operating system's own
    /// reasons inside a message (`No such file or directory`), stay in English, the former marked `(en inglés)`.
    public static func text(of error: any Error, in language: ReportLanguage) -> String {
        let place: String
        let message: String
        switch error {
        case let error as IngestError:
            place = error.location
            message = error.message
        case let error as CosignError:
            place = error.file + ": "
            message = error.problem
        default:
            place = ""
            message = String(describing: error)
        }
        guard language == .es else { return place + message }
        guard let spanish = templates.spanish(message) else { return place + message + " (en inglés)" }
        for (english, reason) in systemReasons where spanish.hasSuffix(": " + english) {
            return place + spanish.dropLast(english.count) + reason
        }
        return place + spanish
    }

    /// The C library's reasons a file cannot be opened or written (`strerror`, which speaks English here) that a
    /// counterpart meets most, in Spanish; any other is left as the system gave it.
    static let systemReasons = [
        ("No such file or directory", "no existe el archivo o la carpeta"),
        ("Permission denied", "permiso denegado"),
        ("Is a directory", "es una carpeta"),
        ("Not a directory", "una parte de la ruta no es una carpeta"),
        ("No space left on device", "no queda espacio en el disco"),
        ("Read-only file system", "el sistema de archivos es de solo lectura"),
    ]

    /// The English templates, as the readers and the key and co-signature code write them, and their Spanish; the
    /// more specific of two that could both match comes first.
    static let templates = MessageTemplates([
        // The key file (keygen, sign) and the `.cosign` file written beside the monitoring file.
        (
            #"exists; a key is never overwritten \(choose another name, or remove it yourself\)"#,
            #"ya existe; una clave nunca se sobrescribe (elija otro nombre, o bórrela usted)"#
        ),
        (#"cannot be created: (.*)"#, #"no se puede crear: $1"#),
        (#"could not be written: (.*)"#, #"no se pudo escribir: $1"#),
        (#"cannot be read: (.*)"#, #"no se puede leer: $1"#),
        (#"is a folder, not a file"#, #"es una carpeta, no un archivo"#),
        (
            #"is not an Atalaya signing key \(the base64 of 32 bytes, as `cosign keygen` writes\)"#,
            #"no es una clave de firma de Atalaya (32 bytes en base64, como los escribe `cosign keygen`)"#
        ),
        (
            #"exists; a co-signature is never overwritten \(remove it yourself to sign again\)"#,
            #"ya existe; un refrendo nunca se sobrescribe (bórrelo usted para refrendar de nuevo)"#
        ),
        (
            #"cannot be written \(an existing file is never overwritten\): (.*)"#,
            #"no se puede escribir (un archivo existente nunca se sobrescribe): $1"#
        ),
        (
            #"a workbook of (\d+) sheets cannot be co-signed: a co-signature covers the whole file, and each sheet is imported apart; save the sheet for (\S+) as a workbook of its own"#,
            #"un libro de $1 hojas no se puede refrendar: un refrendo cubre el archivo entero, y cada hoja se importa por separado; guarde la hoja de $2 como un libro aparte"#
        ),
        // The file as CSV.
        (#"cannot open: (.*)"#, #"no se puede abrir: $1"#),
        (#"cannot read: (.*)"#, #"no se puede leer: $1"#),
        (
            #"the fields are separated by semicolons \(;\), not commas, as a spreadsheet saves CSV in a language that writes decimal commas; import the workbook \(\.xlsx\) itself where the command reads workbooks \(--sheet\), or save the CSV with commas between fields and points in numbers"#,
            #"los campos están separados por punto y coma (;), no por comas, como guarda CSV una hoja de cálculo en un idioma que escribe comas decimales: use el libro (.xlsx) mismo donde el comando lee libros (--sheet), o guarde el CSV con comas entre campos y puntos en los números"#
        ),
        (
            #"the fields are separated by tabs, not commas, as a spreadsheet saves CSV in a language that writes decimal commas; import the workbook \(\.xlsx\) itself where the command reads workbooks \(--sheet\), or save the CSV with commas between fields and points in numbers"#,
            #"los campos están separados por tabuladores, no por comas, como guarda CSV una hoja de cálculo en un idioma que escribe comas decimales: use el libro (.xlsx) mismo donde el comando lee libros (--sheet), o guarde el CSV con comas entre campos y puntos en los números"#
        ),
        (#"(\d+) fields where the header has (\d+)"#, #"$1 campos donde el encabezado tiene $2"#),
        (#"holds a NUL byte \(0x00\)"#, #"contiene un byte NUL (0x00)"#),
        (
            #"not valid UTF-8 \(if the file is Windows-1252 or Latin-1, save it as UTF-8 first\)"#,
            #"no es UTF-8 válido (si el archivo es Windows-1252 o Latin-1, guárdelo antes como UTF-8)"#
        ),
        (
            #"a quoted field is never closed \(the file may be truncated\)"#,
            #"un campo entre comillas nunca se cierra (el archivo puede estar truncado)"#
        ),
        (#"a carriage return not followed by a line feed"#, #"un retorno de carro sin salto de línea a continuación"#),
        (
            #"a quote inside an unquoted field \(field (\d+)\); quote the whole field"#,
            #"una comilla dentro de un campo sin comillas (campo $1); ponga el campo entero entre comillas"#
        ),
        (#"text after a closing quote \(field (\d+)\)"#, #"texto después de la comilla de cierre (campo $1)"#),
        (#"a field longer than (\d+) bytes"#, #"un campo de más de $1 bytes"#),
        (#"more than (\d+) fields in one record"#, #"más de $1 campos en un registro"#),
        // The file as monitoring data.
        (#"the file is empty"#, #"el archivo está vacío"#),
        (
            #"a monitoring file's header names (\S+) in any order \(missing (.*); not a monitoring column: (.*)\)"#,
            #"el encabezado de un archivo de seguimiento nombra $1 en cualquier orden (faltan: $2; no son columnas de seguimiento: $3)"#
        ),
        (
            #"a monitoring file's header names (\S+) in any order \(missing (.*)\)"#,
            #"el encabezado de un archivo de seguimiento nombra $1 en cualquier orden (faltan: $2)"#
        ),
        (
            #"a monitoring file's header names (\S+) in any order \(not a monitoring column: (.*)\)"#,
            #"el encabezado de un archivo de seguimiento nombra $1 en cualquier orden (no son columnas de seguimiento: $2)"#
        ),
        (
            #"a monitoring file's header names (\S+) in any order \(a column is named twice\)"#,
            #"el encabezado de un archivo de seguimiento nombra $1 en cualquier orden (una columna aparece dos veces)"#
        ),
        (#"empty; every period names its (\S+)"#, #"vacío; cada periodo indica su $1"#),
        (
            #""(.*)" is not a number \(digits with an optional sign and decimal point\)"#,
            #""$1" no es un número (dígitos, con signo y punto decimal opcionales)"#
        ),
        (#""(.*)" is not a date \(YYYY-MM-DD\)"#, #""$1" no es una fecha (AAAA-MM-DD)"#),
        (
            #""(.*)" is not an ISO 3166-1 alpha-2 code; did you mean (.*)\? \((\S+) is its alpha-3 code\)"#,
            #""$1" no es un código ISO 3166-1 alfa-2; ¿quiso decir $2? ($3 es su código alfa-3)"#
        ),
        (
            #""(.*)" is not an ISO 3166-1 alpha-2 code; did you mean (.*)\?"#,
            #""$1" no es un código ISO 3166-1 alfa-2; ¿quiso decir $2?"#
        ),
        (#""(.*)" is not an ISO 3166-1 alpha-2 code"#, #""$1" no es un código ISO 3166-1 alfa-2"#),
        (
            #"(\S+) is not (\S+), the only country this file may report for"#,
            #"$1 no es $2, el único país sobre el que este archivo puede informar"#
        ),
        (
            #""(.*)" is neither true \(higher is better\) nor false \(lower is better\)"#,
            #""$1" no es ni true (más alto es mejor) ni false (más bajo es mejor)"#
        ),
        (#"(\S+) is before the period's start, (\S+)"#, #"$1 es anterior al inicio del periodo, $2"#),
        // The file as `import monitoring` stores it.
        (
            #"(\S+) in (\S+), "(.*)", period ending (\S+) is given again \(first on line (\d+)\); a file gives each program, country, indicator and period once"#,
            #"$1 en $2, "$3", periodo que termina el $4, aparece de nuevo (antes en la línea $5); un archivo da cada programa, país, indicador y periodo una sola vez"#
        ),
    ])
}
