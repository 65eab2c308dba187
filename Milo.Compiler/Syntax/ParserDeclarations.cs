using Milo.Compiler.Diagnostics;
using Milo.Compiler.Text;

namespace Milo.Compiler.Syntax;

internal sealed partial class Parser
{
    public CompilationUnitSyntax ParseCompilationUnit()
    {
        var start = Current.Location;
        var decls = new List<DeclSyntax>();
        while (!AtEnd)
        {
            int before = _pos;
            try
            {
                var decl = ParseTopLevelDeclaration();
                if (decl != null) decls.Add(decl);
            }
            catch (NestingTooDeepException ex)
            {
                _depth = 0;
                _speculating = 0;
                _recovering = false;
                _noStructLiteral = false;
                Error(ex.Location, Errors.NestingTooDeep.With());
                _recovering = true;
            }
            if (_recovering || _pos == before) SynchronizeTopLevel(before);
        }
        return new CompilationUnitSyntax(new Location(_source, 0, _source.Text.Length), _source, decls);
    }

    private List<AnnotationSyntax> ParseAnnotations()
    {
        var list = new List<AnnotationSyntax>();
        while (At(TokenKind.At))
        {
            var at = Advance();
            var name = ExpectIdentifier();
            var args = new List<string>();
            if (At(TokenKind.LParen) && SameLine)
            {
                Advance();
                while (!At(TokenKind.RParen) && !AtEnd)
                {
                    int before = _pos;
                    args.Add(ExpectIdentifier().Text);
                    Accept(TokenKind.Comma);
                    if (_pos == before) break;
                }
                Expect(TokenKind.RParen);
            }
            list.Add(new AnnotationSyntax(Span(at.Location), name.Text, args));
        }
        return list;
    }

    private bool AtPubModifier => At(TokenKind.Identifier) && Current.Text == "pub" && IsDeclarationStart(Peek(1).Kind);

    private DeclSyntax? ParseTopLevelDeclaration()
    {
        var annotations = ParseAnnotations();
        bool isPub = AtPubModifier;
        if (isPub) Advance(); // recorded on the declaration; only `--library` builds give it a meaning
        DeclSyntax? decl = Current.Kind switch
        {
            TokenKind.FromKeyword => ParseImport(),
            TokenKind.StructKeyword => ParseStruct(),
            TokenKind.EnumKeyword => ParseEnum(),
            TokenKind.FnKeyword => ParseFunction(requireBody: true),
            TokenKind.ExternKeyword => ParseExternFunction(),
            TokenKind.ImplKeyword => ParseImpl(),
            TokenKind.TraitKeyword => ParseTrait(),
            TokenKind.InterfaceKeyword => ParseInterface(),
            TokenKind.TypeKeyword => ParseTypeAlias(),
            TokenKind.LetKeyword => ParseTopLevelConst(),
            _ => null,
        };
        if (decl == null)
        {
            if (At(TokenKind.ImportKeyword))
                Error(Current.Location, Errors.ImportSyntax.With());
            else if (!AtEnd || annotations.Count > 0)
                UnexpectedToken();
            return null;
        }
        decl.Annotations.AddRange(annotations);
        decl.IsPublic = isPub;
        return decl;
    }

    private DeclSyntax ParseImport()
    {
        var from = Advance();
        string path = "";
        var pathLoc = Current.Location;
        if (At(TokenKind.StringLiteral))
        {
            var t = Advance();
            path = System.Text.Encoding.UTF8.GetString((byte[])t.Value!);
        }
        else Error(Current.Location, Errors.ExpectedStringLiteral.With(Current.Display));
        var names = new List<NameSyntax>();
        if (!At(TokenKind.ImportKeyword))
        {
            Expect(TokenKind.ImportKeyword);
            return new ImportDeclSyntax(Span(from.Location), path, pathLoc, names);
        }
        Advance();
        Expect(TokenKind.LBrace);
        var aliases = new Dictionary<string, NameSyntax>();
        while (!At(TokenKind.RBrace) && !AtEnd)
        {
            int before = _pos;
            var name = ExpectIdentifier();
            names.Add(name);
            if (At(TokenKind.AsKeyword))
            {
                var asTok = Advance();
                var alias = ExpectIdentifier();
                if (!path.StartsWith(DotNetImportPaths.Prefix, StringComparison.Ordinal))
                    Error(asTok.Location, Errors.AsAliasOutsideDotNetImport.With());
                else aliases[name.Text] = alias;
            }
            Accept(TokenKind.Comma);
            if (_pos == before) break;
        }
        Expect(TokenKind.RBrace);
        var imp = new ImportDeclSyntax(Span(from.Location), path, pathLoc, names);
        foreach (var (k, v) in aliases) imp.Aliases[k] = v;
        return imp;
    }

    private List<TypeParamSyntax> ParseTypeParams()
    {
        var list = new List<TypeParamSyntax>();
        if (!At(TokenKind.Less)) return list;
        Advance();
        while (!At(TokenKind.Greater) && !AtEnd)
        {
            int before = _pos;
            var name = ExpectIdentifier();
            var bounds = new List<string>();
            if (Accept(TokenKind.Colon))
            {
                bounds.Add(ExpectIdentifier().Text);
                while (Accept(TokenKind.Plus)) bounds.Add(ExpectIdentifier().Text);
            }
            list.Add(new TypeParamSyntax(Span(name.Location), name.Text, bounds));
            Accept(TokenKind.Comma);
            if (_pos == before) break;
        }
        Expect(TokenKind.Greater);
        return list;
    }

    private DeclSyntax ParseStruct()
    {
        var kw = Advance();
        var name = ExpectIdentifier();
        var typeParams = ParseTypeParams();
        var fields = new List<FieldSyntax>();
        Expect(TokenKind.LBrace);
        while (!At(TokenKind.RBrace) && !AtEnd)
        {
            int before = _pos;
            var fieldName = ExpectName();
            Expect(TokenKind.Colon);
            var type = ParseType();
            fields.Add(new FieldSyntax(Span(fieldName.Location), fieldName.Text, type));
            Accept(TokenKind.Comma);
            if (_pos == before || _recovering) break;
        }
        Expect(TokenKind.RBrace);
        return new StructDeclSyntax(Span(kw.Location), name, typeParams, fields);
    }

    private DeclSyntax ParseEnum()
    {
        var kw = Advance();
        var name = ExpectIdentifier();
        var typeParams = ParseTypeParams();
        var variants = new List<VariantSyntax>();
        Expect(TokenKind.LBrace);
        while (!At(TokenKind.RBrace) && !AtEnd)
        {
            int before = _pos;
            var variantName = ExpectIdentifier();
            var payload = new List<TypeSyntax>();
            if (At(TokenKind.LParen))
            {
                Advance();
                while (!At(TokenKind.RParen) && !AtEnd)
                {
                    int b = _pos;
                    payload.Add(ParseType());
                    Accept(TokenKind.Comma);
                    if (_pos == b || _recovering) break;
                }
                Expect(TokenKind.RParen);
            }
            variants.Add(new VariantSyntax(Span(variantName.Location), variantName.Text, payload));
            Accept(TokenKind.Comma);
            if (_pos == before || _recovering) break;
        }
        Expect(TokenKind.RBrace);
        return new EnumDeclSyntax(Span(kw.Location), name, typeParams, variants);
    }

    /// <summary>Parameter list after `(`; returns whether `...` was seen (only legal when <paramref name="allowVariadic"/>).</summary>
    private bool ParseParams(List<ParamSyntax> parameters, bool allowVariadic)
    {
        bool variadic = false;
        Expect(TokenKind.LParen);
        while (!At(TokenKind.RParen) && !AtEnd)
        {
            int before = _pos;
            if (At(TokenKind.DotDotDot))
            {
                var dots = Advance();
                if (!allowVariadic) Error(dots.Location, Errors.VariadicOnNonExtern.With());
                variadic = true;
                Accept(TokenKind.Comma);
                if (!At(TokenKind.RParen)) Error(Current.Location, Errors.VariadicNotLast.With());
                break;
            }
            var name = ExpectName();
            Expect(TokenKind.Colon);
            var type = ParseType();
            parameters.Add(new ParamSyntax(Span(name.Location), name.Text, type));
            Accept(TokenKind.Comma);
            if (_pos == before || _recovering) break;
        }
        Expect(TokenKind.RParen);
        return variadic;
    }

    private TypeSyntax? ParseOptionalReturnType()
    {
        if (At(TokenKind.Arrow))
        {
            Error(Current.Location, Errors.ArrowReturnType.With());
            Advance();
            return ParseType();
        }
        return Accept(TokenKind.Colon) ? ParseType() : null;
    }

    /// <summary>`fn name&lt;T&gt;(params): R { body }`; with <paramref name="requireBody"/> false the body is optional.</summary>
    private FunctionDeclSyntax ParseFunction(bool requireBody)
    {
        var kw = Expect(TokenKind.FnKeyword);
        var name = ExpectIdentifier();
        var typeParams = ParseTypeParams();
        var parameters = new List<ParamSyntax>();
        ParseParams(parameters, allowVariadic: false);
        var returnType = ParseOptionalReturnType();
        BlockStmtSyntax? body = null;
        if (requireBody || At(TokenKind.LBrace)) body = ParseBlock();
        return new FunctionDeclSyntax(Span(kw.Location), name, typeParams, parameters, returnType, body, false, false);
    }

    private DeclSyntax ParseExternFunction()
    {
        var ext = Advance();
        Expect(TokenKind.FnKeyword);
        var name = ExpectIdentifier();
        var parameters = new List<ParamSyntax>();
        bool variadic = ParseParams(parameters, allowVariadic: true);
        var returnType = ParseOptionalReturnType();
        if (At(TokenKind.LBrace)) Error(Current.Location, Errors.ExternWithBody.With());
        return new FunctionDeclSyntax(Span(ext.Location), name, new List<TypeParamSyntax>(), parameters, returnType, null, true, variadic);
    }

    /// <summary>Methods inside impl/trait/interface braces; skips junk between methods.</summary>
    private List<FunctionDeclSyntax> ParseMethodList(bool requireBody)
    {
        var methods = new List<FunctionDeclSyntax>();
        Expect(TokenKind.LBrace);
        while (!At(TokenKind.RBrace) && !AtEnd)
        {
            int before = _pos;
            var annotations = ParseAnnotations();
            bool isPub = AtPubModifier;
            if (isPub) Advance();
            if (At(TokenKind.FnKeyword))
            {
                var fn = ParseFunction(requireBody);
                fn.Annotations.AddRange(annotations);
                fn.IsPublic = isPub;
                methods.Add(fn);
            }
            else UnexpectedToken();
            if (_recovering || _pos == before)
            {
                if (_pos == before) Advance();
                while (!AtEnd && !At(TokenKind.FnKeyword) && !At(TokenKind.RBrace) && !(IsDeclarationStart(Current.Kind) && Current.Location.Column == 1))
                    Advance();
                _recovering = false;
                if (IsDeclarationStart(Current.Kind) && !At(TokenKind.FnKeyword)) break;
            }
        }
        Expect(TokenKind.RBrace);
        return methods;
    }

    private DeclSyntax ParseImpl()
    {
        var kw = Advance();
        var first = ParseNamedTypeForHeader();
        NameSyntax? traitName = null;
        var target = first;
        if (Accept(TokenKind.ForKeyword))
        {
            traitName = new NameSyntax(first.Name, first.Location);
            target = ParseNamedTypeForHeader();
        }
        var methods = ParseMethodList(requireBody: true);
        return new ImplDeclSyntax(Span(kw.Location), traitName, target, methods);
    }

    private NamedTypeSyntax ParseNamedTypeForHeader()
    {
        var type = ParseType();
        if (type is NamedTypeSyntax named) return named;
        Error(type.Location, Errors.ExpectedTypeName.With());
        return new NamedTypeSyntax(type.Location, "<error>", new List<TypeSyntax>());
    }

    private DeclSyntax ParseTrait()
    {
        var kw = Advance();
        var name = ExpectIdentifier();
        var typeParams = ParseTypeParams();
        var supertraits = new List<NameSyntax>();
        if (Accept(TokenKind.Colon))
        {
            supertraits.Add(ExpectIdentifier());
            while (Accept(TokenKind.Plus) || (Accept(TokenKind.Comma) && At(TokenKind.Identifier))) supertraits.Add(ExpectIdentifier());
        }
        var methods = ParseMethodList(requireBody: false);
        return new TraitDeclSyntax(Span(kw.Location), name, typeParams, supertraits, methods);
    }

    private DeclSyntax ParseInterface()
    {
        var kw = Advance();
        var name = ExpectIdentifier();
        var methods = ParseMethodList(requireBody: false);
        return new InterfaceDeclSyntax(Span(kw.Location), name, methods);
    }

    private DeclSyntax ParseTopLevelConst()
    {
        var kw = Advance();
        var name = ExpectIdentifier();
        TypeSyntax? type = Accept(TokenKind.Colon) ? ParseType() : null;
        Expect(TokenKind.Equal);
        var init = ParseExpression();
        return new ConstDeclSyntax(Span(kw.Location), name, type, init);
    }

    private DeclSyntax ParseTypeAlias()
    {
        var kw = Advance();
        var name = ExpectIdentifier();
        Expect(TokenKind.Equal);
        var type = ParseType();
        return new TypeAliasDeclSyntax(Span(kw.Location), name, type);
    }
}
