; Inno Setup 6 script of Récolte's Windows installer, from the bundle of packaging/build.sh:
;   iscc /DAppVersion=0.1.0 packaging\windows\recolte.iss   ->  dist\recolte-0.1.0-setup.exe
; Installs dist\recolte (recolte.exe: the window; facilitator-app.exe: the command line), a
; Start menu entry, and makes .recolte files open with Récolte, with its icon. Saved as UTF-8
; with a BOM (Inno Setup reads the accents right only so). Not run on the Linux machine the
; project is developed on: .github/workflows/bundle.yml builds it on windows-latest.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define Root "..\.."
#define Icon Root + "\resources\icons\recolte.ico"

[Setup]
AppId={{F69D4FF1-0296-4539-820D-34C29770C82C}
AppName=Récolte
AppVersion={#AppVersion}
AppVerName=Récolte {#AppVersion}
AppPublisher=Récolte
DefaultDirName={autopf}\Récolte
DefaultGroupName=Récolte
DisableProgramGroupPage=yes
OutputDir={#Root}\dist
OutputBaseFilename=recolte-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; for every user (administrator) or for the current one only, asked at the start
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
UninstallDisplayIcon={app}\recolte.exe
#ifexist Icon
SetupIconFile={#Icon}
#endif
#ifexist Root + "\LICENSE"
LicenseFile={#Root}\LICENSE
#endif

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
french.EventFile=Événement Récolte
english.EventFile=Récolte event

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Root}\dist\recolte\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
#ifexist Icon
Source: "{#Icon}"; DestDir: "{app}"; Flags: ignoreversion
#endif

[Icons]
Name: "{autoprograms}\Récolte"; Filename: "{app}\recolte.exe"
Name: "{autodesktop}\Récolte"; Filename: "{app}\recolte.exe"; Tasks: desktopicon

; The file association: .recolte -> Recolte.Event, opened by recolte.exe "%1", with the icon.
[Registry]
Root: HKA; Subkey: "Software\Classes\.recolte"; ValueType: string; ValueName: ""; ValueData: "Recolte.Event"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.recolte"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-recolte"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.recolte\OpenWithProgids"; ValueType: string; ValueName: "Recolte.Event"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Recolte.Event"; ValueType: string; ValueName: ""; ValueData: "{cm:EventFile}"; Flags: uninsdeletekey
#ifexist Icon
Root: HKA; Subkey: "Software\Classes\Recolte.Event\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\recolte.ico,0"
#else
Root: HKA; Subkey: "Software\Classes\Recolte.Event\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\recolte.exe,0"
#endif
Root: HKA; Subkey: "Software\Classes\Recolte.Event\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\recolte.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\recolte.exe\SupportedTypes"; ValueType: string; ValueName: ".recolte"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\recolte.exe"; Description: "{cm:LaunchProgram,Récolte}"; Flags: nowait postinstall skipifsilent
